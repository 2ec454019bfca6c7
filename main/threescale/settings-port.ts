// The 3scale connection in the settings document: its domain and sealed token are the
// ones the webhook section uses (`stripe.webhook`), its last Verify is `threescale`, and
// a verified connection fills the provider details. Every save goes through the one
// SettingsWriter, applied to the document as it is when 3scale has answered; a change
// is logged with the token masked, and the draft follows it.

import type { FinanceLogChange } from '../../common/ipc-contract';
import type { DraftKeeper } from '../domain/draft-keeper';
import { SecretReader } from '../domain/secret-reader';
import type { SettingsWriter } from '../domain/settings-writer';
import { UserFacingError } from '../domain/user-facing-error';
import { VaultUnavailableError, type SecretVault } from '../domain/vault';
import type { ThreescaleSettingsPort } from './connection-service';

export interface SettingsPortDeps {
  writer: SettingsWriter;
  vault: SecretVault;
  drafts: DraftKeeper;
}

/** The form paths a saved connection settles in the draft. */
export const CONNECTION_PATHS = ['webhook.adminDomain', 'webhook.accessToken', 'provider.accountId', 'provider.name'] as const;

export function createThreescaleSettingsPort(deps: SettingsPortDeps): ThreescaleSettingsPort {
  const secrets = new SecretReader(deps.vault);
  const seal = (token: string): string => {
    try {
      return deps.vault.seal(token);
    } catch (error) {
      if (error instanceof VaultUnavailableError) {
        throw new UserFacingError('keychain_unavailable', `${error.message} The 3scale access token was not saved.`);
      }
      throw error;
    }
  };
  const mask = (token: string | null): string | null => (token ? secrets.maskForLog(token) : null);
  return {
    read() {
      const doc = deps.writer.read();
      return {
        adminDomain: doc.stripe.webhook.adminDomain,
        accessToken: secrets.openOrNull(doc.stripe.webhook.sealedAccessToken),
        verification: doc.threescale.verification,
        provider: { ...doc.provider },
      };
    },
    draftToken: () => deps.drafts.draftSecret('webhook.accessToken') ?? null,
    mask,
    saveVerified(change) {
      // Sealed before the writer runs, so a keychain failure leaves the document untouched.
      const sealedToken = change.typed ? seal(change.accessToken) : null;
      deps.writer.apply((current) => {
        const changes: FinanceLogChange[] = [];
        const note = (field: string, from: string, to: string) => {
          if (from !== to) changes.push({ field, from, to });
        };
        const currentToken = secrets.openOrNull(current.stripe.webhook.sealedAccessToken);
        if (currentToken !== change.accessToken) {
          if (!sealedToken) {
            throw new UserFacingError(
              'settings_conflict',
              'The 3scale access token was changed while 3scale verified the one saved before, so this Verify was not recorded. Verify again.',
            );
          }
          note('3scale access token', mask(currentToken) ?? '', mask(change.accessToken) ?? '');
          current.stripe.webhook.sealedAccessToken = sealedToken;
        }
        note('3scale admin portal domain', current.stripe.webhook.adminDomain, change.adminDomain);
        current.stripe.webhook.adminDomain = change.adminDomain;
        if (change.provider) {
          note('Provider account ID', current.provider.accountId, change.provider.accountId);
          note('Provider name', current.provider.name, change.provider.name);
          current.provider = { ...change.provider };
        }
        current.threescale.verification = change.verification;
        // The verification is stored even when no setting changed (a re-Verify): quietly, without a log entry.
        return changes.length > 0
          ? { kind: 'logged', summary: '3scale connection verified and saved', changes, result: null, savedPaths: CONNECTION_PATHS }
          : { kind: 'quiet', result: null, savedPaths: CONNECTION_PATHS };
      });
    },
  };
}
