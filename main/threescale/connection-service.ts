// "Verify" on the 3scale page: the typed domain and token (or the token kept in the draft,
// or the saved one) are checked, verified with 3scale, and only a connection 3scale
// accepted is saved — with the provider's id and name filled from 3scale. A connection
// that fails is not saved; what was typed stays in the draft.

import { parseAdminDomain } from './admin-domain';
import type { ConnectionInput, ConnectionVerification } from './connection';
import { toConnectionView, toStoredVerification } from './connection-state';
import type { StoredThreescaleVerification, ThreescaleConnectionView } from './connection-state';
import type { ThreescaleConnectResult } from '../../common/contract/threescale';

/** How the service reads and writes the settings; main/threescale/settings-port.ts gives it the settings writer and vault. */
export interface ThreescaleSettingsPort {
  read(): {
    adminDomain: string;
    /** The saved token, opened from the vault; null when none is saved. */
    accessToken: string | null;
    verification: StoredThreescaleVerification | null;
    provider: { accountId: string; name: string };
  };
  /** A token typed earlier and kept (sealed) in the draft. */
  draftToken(): string | null;
  mask(token: string | null): string | null;
  /**
   * Saves a verified connection, applied to the settings as they are when 3scale has
   * answered; `provider` replaces the provider details when 3scale named one. Refuses
   * (settings_conflict) when the saved token it verified was replaced meanwhile.
   */
  saveVerified(change: {
    adminDomain: string;
    /** The token 3scale accepted. */
    accessToken: string;
    /** True when it was typed (or drafted), to be sealed if it differs from the saved one; false when it is the saved one. */
    typed: boolean;
    verification: StoredThreescaleVerification;
    provider: { accountId: string; name: string } | null;
  }): void;
}

export type ConnectOutcome = ThreescaleConnectResult;

export class ThreescaleConnectionService {
  constructor(
    private readonly settings: ThreescaleSettingsPort,
    private readonly verify: (input: ConnectionInput) => Promise<ConnectionVerification>,
    /** Told when a Verify could not reach 3scale (the connection waits in the draft meanwhile). */
    private readonly onUnreached: () => void = () => undefined,
  ) {}

  view(): ThreescaleConnectionView {
    const saved = this.settings.read();
    return toConnectionView(
      { adminDomain: saved.adminDomain, maskedAccessToken: this.settings.mask(saved.accessToken), verification: saved.verification },
      saved.provider,
    );
  }

  /** `accessToken` empty: the draft's token, else the saved one. */
  async connect(input: ConnectionInput): Promise<ConnectOutcome> {
    const saved = this.settings.read();
    const typed = input.accessToken.trim() || this.settings.draftToken() || '';
    const token = typed || saved.accessToken || '';
    const result = await this.verify({ adminDomain: input.adminDomain, accessToken: token });
    if (!result.ok) {
      if (result.kind === 'invalid_input') {
        return {
          status: 'failed',
          view: this.view(),
          kind: 'invalid_input',
          message: 'The 3scale connection cannot be verified until these fields are corrected.',
          fieldErrors: result.fieldErrors,
        };
      }
      if (result.kind === 'unreachable' || result.kind === 'timeout') this.onUnreached();
      const field = result.kind === 'bad_token' ? { accessToken: result.message } : result.kind === 'not_found' ? { adminDomain: result.message } : {};
      return { status: 'failed', view: this.view(), kind: result.kind, message: result.message, fieldErrors: field };
    }
    const domain = parseAdminDomain(input.adminDomain);
    const adminDomain = domain.ok ? domain.value.domain : input.adminDomain.trim();
    const provider = result.provider ? { accountId: String(result.provider.id), name: result.provider.orgName } : null;
    this.settings.saveVerified({
      adminDomain,
      accessToken: token,
      typed: Boolean(typed),
      verification: toStoredVerification(adminDomain, result),
      provider,
    });
    const usable = result.apis.filter((access) => access.ok).length;
    const message = result.provider
      ? `Connected to ${result.provider.orgName} (provider ${result.provider.id}); the token may use ${usable} of the 3 APIs.`
      : `Connected to ${adminDomain}; the token may use ${usable} of the 3 APIs.`;
    return { status: 'saved', view: this.view(), message };
  }
}
