// Stripe's two key sets and the app-wide mode: "Verify", the switch between test and
// live, and how a checked key set is stored. Stripe is asked with plain values; its
// answer is applied to the settings as they are when it arrives, never to a copy read
// before the wait.

import type { FinanceLogChange, ModeSwitchRequest, StripeVerification, VerifyRequest } from '../../common/ipc-contract';
import { checkStripeKey, type StripeMode } from '../../common/stripe-keys';
import type { StripeService } from '../stripe/stripe-service';
import type { DraftKeeper } from './draft-keeper';
import type { SecretReader } from './secret-reader';
import type { SettingsDocument, StoredKeySet } from './settings-document';
import type { SettingsWriter } from './settings-writer';
import { KEY_FIELD_LABELS, SET_NAMES, keySetFieldKey, type CheckedKeySet } from './stripe-key-sets';
import { UserFacingError } from './user-facing-error';
import { MESSAGES } from './validation';

/** The Stripe calls the settings make; StripeService in the app. */
export type StripeApi = Pick<StripeService, 'verify' | 'findWebhookEndpoints' | 'createWebhookEndpoint' | 'deleteWebhookEndpoint'>;

export class StripeKeysService {
  constructor(
    private readonly writer: SettingsWriter,
    private readonly stripe: StripeApi,
    private readonly secrets: SecretReader,
    private readonly drafts: DraftKeeper,
  ) {}

  /** The saved secret key of a mode, when the gateway is Stripe. */
  storedSecretKey(doc: SettingsDocument, mode: StripeMode): string | null {
    return doc.gateway.type === 'stripe' ? this.secrets.openOrNull(doc.stripe.keySets[mode].sealedSecretKey) : null;
  }

  /**
   * Asks Stripe, every time: a verification is never reused for a save, so a key revoked
   * a minute ago is refused now. (The last one is kept in the settings, with its time, to show.)
   */
  async verifyWithStripe(secret: string, mode: StripeMode): Promise<StripeVerification> {
    return this.stripe.verify(secret, mode);
  }

  /** "Verify": checks the typed key set (or the saved secret key) with Stripe; saves nothing typed. */
  async verifyStripeKeys(request: VerifyRequest): Promise<{ verification: StripeVerification; doc: SettingsDocument }> {
    const { mode } = request;
    const field = keySetFieldKey(mode, 'login');
    const fieldErrors: Record<string, string> = {};
    for (const key of ['login', 'publishable_key', 'endpoint_secret'] as const) {
      const check = checkStripeKey(key, request.keys[key], mode);
      if (check.error) fieldErrors[keySetFieldKey(mode, key)] = check.error;
    }
    if (Object.keys(fieldErrors).length > 0) {
      throw new UserFacingError('invalid_input', `The ${SET_NAMES[mode]} cannot be verified until the keys are corrected.`, fieldErrors);
    }
    const secret =
      request.keys.login.trim() || this.drafts.draftSecret(`stripe.${mode}.login`) || this.storedSecretKey(this.writer.read(), mode);
    if (!secret) {
      throw new UserFacingError('invalid_input', `Enter the ${SET_NAMES[mode]}' Secret Key to verify it.`, { [field]: MESSAGES.blank });
    }
    let verification: StripeVerification;
    try {
      verification = await this.verifyWithStripe(secret, mode);
    } catch (error) {
      if (error instanceof UserFacingError) throw new UserFacingError(error.code, error.message, { [field]: error.message });
      throw error;
    }
    // Remembered only if the saved key is, now, the one Stripe just verified (this is what allows live mode).
    const { doc } = this.writer.apply((current) => {
      if (this.storedSecretKey(current, mode) !== secret) return { kind: 'none', result: null };
      current.stripe.keySets[mode].verification = verification;
      return { kind: 'quiet', result: null };
    });
    return { verification, doc };
  }

  switchStripeMode(request: ModeSwitchRequest): { doc: SettingsDocument; message: string } {
    const { to } = request;
    const { doc, result: message } = this.writer.apply((current) => {
      const from = current.stripe.activeMode;
      if (from === to) return { kind: 'none', result: `Stripe is already in ${to} mode` };
      if (to === 'live') this.checkLiveAllowed(current, request.confirmed === true);
      current.stripe.activeMode = to;
      return {
        kind: 'logged',
        summary: `Stripe mode changed to ${to}`,
        changes: [{ field: 'Stripe mode', from, to }],
        result: to === 'live' ? 'Live mode is on: Stripe calls now use real cards and real money.' : 'Test mode is on: no real money moves.',
      };
    });
    return { doc, message };
  }

  private checkLiveAllowed(doc: SettingsDocument, confirmed: boolean): void {
    const live = doc.stripe.keySets.live;
    const complete = doc.gateway.type === 'stripe' && Boolean(live.sealedSecretKey && live.sealedWebhookSecret && live.publishableKey);
    if (!complete) {
      throw new UserFacingError(
        'mode_switch_refused',
        'Live mode needs the complete set of Live keys (Secret Key, Publishable Key and Webhook Signing Secret), saved and verified with Stripe. Enter them under Live keys and Save first.',
      );
    }
    if (!live.verification || live.verification.account.livemode === false) {
      throw new UserFacingError('mode_switch_refused', 'The Live keys have not been verified with Stripe yet. Use Verify on the Live keys, then switch.');
    }
    if (!confirmed) throw new UserFacingError('confirmation_required', 'Switching to live mode must be confirmed.');
  }

  /** Applies one checked set to its stored form and says what changed, secrets masked. */
  applyKeySet(stored: StoredKeySet, set: CheckedKeySet, verification: StripeVerification | null): FinanceLogChange[] {
    const changes: FinanceLogChange[] = [];
    const label = (field: keyof typeof KEY_FIELD_LABELS) => `${SET_NAMES[set.mode]}: ${KEY_FIELD_LABELS[field]}`;
    const vault = this.secrets.vault;
    if (set.newSecretKey) {
      const previous = this.secrets.openOrNull(stored.sealedSecretKey);
      if (previous !== set.newSecretKey) {
        stored.sealedSecretKey = vault.seal(set.newSecretKey);
        changes.push({ field: label('login'), from: this.secrets.maskForLog(previous), to: this.secrets.maskForLog(set.newSecretKey) });
      }
    }
    if (set.newWebhookSecret) {
      const previous = this.secrets.openOrNull(stored.sealedWebhookSecret);
      if (previous !== set.newWebhookSecret) {
        stored.sealedWebhookSecret = vault.seal(set.newWebhookSecret);
        changes.push({ field: label('endpoint_secret'), from: this.secrets.maskForLog(previous), to: this.secrets.maskForLog(set.newWebhookSecret) });
      }
    }
    if (set.publishableKey !== stored.publishableKey && !set.empty) {
      changes.push({ field: label('publishable_key'), from: stored.publishableKey, to: set.publishableKey });
      stored.publishableKey = set.publishableKey;
    }
    if (verification) stored.verification = verification;
    return changes;
  }
}
