// The saved settings of a returning user, for the benchmarks: charging on, the Stripe
// gateway with verified test keys.
import { defaultDocument, type SettingsDocument } from '../../../main/domain/settings-document';
import type { Encryptor } from '../../../main/domain/vault';
import { SecretVault } from '../../../main/domain/vault';

/** What the Stripe secret key field shows once these settings are loaded. */
export const RETURNING_USER_SECRET_MASK = 'sk_test_…4242';

export function returningUserSettings(encryptor: Encryptor): SettingsDocument {
  const vault = new SecretVault(encryptor);
  const doc = defaultDocument();
  doc.billing.chargingEnabled = true;
  doc.gateway = { type: 'stripe', values: {}, sealedSecrets: {} };
  doc.stripe.keySets.test = {
    publishableKey: 'pk_test_FAKEFAKEFAKEFAKEFAKE0001',
    sealedSecretKey: vault.seal('sk_test_FAKEFAKEFAKEFAKE0000004242'),
    sealedWebhookSecret: vault.seal('whsec_FAKEFAKEFAKEFAKE1234'),
    verification: {
      verifiedAt: new Date().toISOString(),
      restricted: false,
      account: { accountId: 'acct_fake', name: 'Bench Ltd', country: 'US', defaultCurrency: 'usd', chargesEnabled: true, livemode: false },
      missingPermissions: [],
      supportedCurrencies: ['usd', 'eur'],
    },
  };
  return doc;
}
