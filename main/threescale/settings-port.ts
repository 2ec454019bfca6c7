// The 3scale connection in the settings document: its domain and sealed token are the
// ones the webhook section uses (`stripe.webhook`), its last Verify is `threescale`, and
// a verified connection fills the provider details. Every save is logged with the token
// masked, and the draft follows it.

import type { FinanceLogChange } from '../../common/ipc-contract';
import type { DraftKeeper } from '../domain/draft-keeper';
import { maskSecret } from '../domain/masking';
import type { SettingsDocument } from '../domain/settings-document';
import type { SettingsRepository } from '../domain/settings-repository';
import { UserFacingError } from '../domain/user-facing-error';
import { VaultUnavailableError, type SecretVault } from '../domain/vault';
import type { ThreescaleSettingsPort } from './connection-service';

export interface SettingsPortDeps {
  repository: SettingsRepository;
  vault: SecretVault;
  drafts: DraftKeeper;
  osUser: string;
  now: () => Date;
}

/** The form paths a saved connection settles in the draft. */
export const CONNECTION_PATHS = ['webhook.adminDomain', 'webhook.accessToken', 'provider.accountId', 'provider.name'] as const;

export function createThreescaleSettingsPort(deps: SettingsPortDeps): ThreescaleSettingsPort {
  const open = (sealed: string | null): string | null => {
    if (!sealed) return null;
    try {
      return deps.vault.open(sealed);
    } catch {
      return null;
    }
  };
  const mask = (token: string | null): string | null => (token ? maskSecret(token) : null);
  return {
    read() {
      const doc = deps.repository.load();
      return {
        adminDomain: doc.stripe.webhook.adminDomain,
        accessToken: open(doc.stripe.webhook.sealedAccessToken),
        verification: doc.threescale.verification,
        provider: { ...doc.provider },
      };
    },
    draftToken: () => deps.drafts.draftSecret('webhook.accessToken') ?? null,
    mask,
    saveVerified(change) {
      const doc: SettingsDocument = deps.repository.load();
      const changes: FinanceLogChange[] = [];
      const note = (field: string, from: string, to: string) => {
        if (from !== to) changes.push({ field, from, to });
      };
      note('3scale admin portal domain', doc.stripe.webhook.adminDomain, change.adminDomain);
      doc.stripe.webhook.adminDomain = change.adminDomain;
      if (change.newToken) {
        note('3scale access token', mask(open(doc.stripe.webhook.sealedAccessToken)) ?? '', mask(change.newToken) ?? '');
        try {
          doc.stripe.webhook.sealedAccessToken = deps.vault.seal(change.newToken);
        } catch (error) {
          if (error instanceof VaultUnavailableError) {
            throw new UserFacingError('keychain_unavailable', `${error.message} The 3scale access token was not saved.`);
          }
          throw error;
        }
      }
      if (change.provider) {
        note('Provider account ID', doc.provider.accountId, change.provider.accountId);
        note('Provider name', doc.provider.name, change.provider.name);
        doc.provider = { ...change.provider };
      }
      doc.threescale.verification = change.verification;
      if (changes.length > 0) {
        doc.revision += 1;
        doc.financeLog.push({ at: deps.now().toISOString(), user: deps.osUser, summary: '3scale connection verified and saved', changes });
      }
      deps.repository.save(doc);
      deps.drafts.afterSave(doc, CONNECTION_PATHS);
    },
  };
}
