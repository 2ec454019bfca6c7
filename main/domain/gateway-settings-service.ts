// The credit card gateway: a change of gateway (confirmed in both dialogs), the fields
// of Braintree and Authorize.Net, and Stripe's key sets, verified with Stripe before
// anything is stored. Stripe is asked with the typed values; its answers are applied
// to the current settings, or the save is refused as a conflict if the keys they vouch
// for were changed meanwhile.

import { gatewayDefinition } from '../../common/gateways';
import type { FinanceLogChange, GatewaySaveRequest, StripeVerification } from '../../common/ipc-contract';
import { STRIPE_MODES, type StripeMode } from '../../common/stripe-keys';
import type { DraftKeeper } from './draft-keeper';
import type { SecretReader } from './secret-reader';
import { emptyKeySet, type SettingsDocument } from './settings-document';
import type { SettingsWriter } from './settings-writer';
import { checkKeySets, keySetFieldKey } from './stripe-key-sets';
import type { StripeKeysService } from './stripe-keys-service';
import { UserFacingError } from './user-facing-error';
import { MESSAGES, validateGateway } from './validation';
import { VaultUnavailableError } from './vault';

/** Draft paths a gateway save takes over. */
const GATEWAY_PATHS = ['gateway.', 'stripe.'];

const CONFIRM_GATEWAY_CHANGE = 'Changing the payment gateway must be confirmed in both dialogs before it is saved.';

const changedSummary = (label: string) =>
  `Payment gateway changed to ${label}. All buyers' credit card details were made invalid: they must enter them again to be billed.`;

function describeGatewayValue(value: string | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value;
}

function forgetStripeKeys(doc: SettingsDocument): void {
  doc.stripe.keySets = { test: emptyKeySet(), live: emptyKeySet() };
  doc.stripe.webhook.endpointIds = { test: null, live: null };
}

/** Sealing needs a keychain; without one the user is told so, and nothing is stored. */
function sealingErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof VaultUnavailableError) throw new UserFacingError('keychain_unavailable', error.message);
    throw error;
  }
}

export class GatewaySettingsService {
  constructor(
    private readonly writer: SettingsWriter,
    private readonly secrets: SecretReader,
    private readonly drafts: DraftKeeper,
    private readonly stripeKeys: StripeKeysService,
  ) {}

  async saveGateway(typed: GatewaySaveRequest): Promise<{ doc: SettingsDocument; message: string }> {
    const request = this.withDraftSecrets(typed);
    const doc = request.type === 'stripe' ? await this.saveStripeGateway(request) : this.saveOtherGateway(request);
    return { doc, message: MESSAGES.gatewaySaved };
  }

  /** Empty secret inputs take a secret typed earlier and kept in the draft. */
  private withDraftSecrets(request: GatewaySaveRequest): GatewaySaveRequest {
    const drafts = this.drafts;
    const fill = (typed: string | boolean | undefined, path: string) =>
      typed === '' || typed === undefined ? (drafts.draftSecret(path) ?? '') : typed;
    const values = { ...request.values };
    if (request.type && request.type !== 'stripe') {
      for (const field of gatewayDefinition(request.type).fields.filter((f) => f.secret)) {
        values[field.key] = fill(values[field.key], `gateway.${request.type}.${field.key}`);
      }
    }
    const sets = request.stripeKeySets;
    const withSecrets = (mode: StripeMode) =>
      sets
        ? {
            ...sets[mode],
            login: fill(sets[mode].login, `stripe.${mode}.login`) as string,
            endpoint_secret: fill(sets[mode].endpoint_secret, `stripe.${mode}.endpoint_secret`) as string,
          }
        : undefined;
    const test = withSecrets('test');
    const live = withSecrets('live');
    return { ...request, values, ...(test && live ? { stripeKeySets: { test, live } } : {}) };
  }

  private saveOtherGateway(request: GatewaySaveRequest): SettingsDocument {
    return this.writer.apply((doc) => {
      const saved = doc.gateway;
      const check = validateGateway(request, { type: saved.type, savedSecretKeys: new Set(Object.keys(saved.sealedSecrets)) });
      if (!check.ok) throw new UserFacingError('invalid_input', MESSAGES.gatewayInvalid, check.fieldErrors);
      const { definition, values } = check.gateway;
      const gatewayChanged = saved.type !== definition.id;
      if (gatewayChanged && !request.confirmedGatewayChange) throw new UserFacingError('confirmation_required', CONFIRM_GATEWAY_CHANGE);

      const nextValues: Record<string, string | boolean> = {};
      const nextSealed: Record<string, string> = gatewayChanged ? {} : { ...saved.sealedSecrets };
      const changes: FinanceLogChange[] = [];
      if (gatewayChanged) changes.push({ field: 'Gateway', from: saved.type ? gatewayDefinition(saved.type).label : 'none', to: definition.label });
      sealingErrors(() => {
        for (const field of definition.fields) {
          const value = values[field.key];
          if (field.secret) {
            if (typeof value !== 'string') continue; // left empty: the saved secret stays
            const previous = gatewayChanged ? null : this.secrets.openOrNull(saved.sealedSecrets[field.key]);
            if (previous === value) continue;
            nextSealed[field.key] = this.secrets.vault.seal(value);
            changes.push({ field: field.label, from: this.secrets.maskForLog(previous), to: this.secrets.maskForLog(value) });
          } else if (value !== undefined) {
            nextValues[field.key] = value;
            const from = gatewayChanged ? '' : describeGatewayValue(saved.values[field.key]);
            const to = describeGatewayValue(value);
            if (from !== to) changes.push({ field: field.label, from, to });
          }
        }
      });
      doc.gateway = { type: definition.id, values: nextValues, sealedSecrets: nextSealed };
      if (gatewayChanged) forgetStripeKeys(doc);
      return {
        kind: 'logged',
        summary: gatewayChanged ? changedSummary(definition.label) : 'Payment gateway details updated',
        changes,
        result: null,
      };
    }).doc;
  }

  /** Which secret each mode's set would store, and whether Stripe must vouch for it first. */
  private secretsToVerify(request: GatewaySaveRequest, doc: SettingsDocument): Partial<Record<StripeMode, string>> {
    const saved = doc.gateway.type === 'stripe' ? doc.stripe.keySets : null;
    const check = checkKeySets(request.stripeKeySets, saved);
    if (!check.ok) throw new UserFacingError('invalid_input', MESSAGES.gatewayInvalid, check.fieldErrors);
    const toVerify: Partial<Record<StripeMode, string>> = {};
    for (const mode of STRIPE_MODES) {
      const set = check.sets[mode];
      if (set.empty) continue;
      const storedSecret = this.stripeKeys.storedSecretKey(doc, mode);
      const secret = set.newSecretKey ?? storedSecret;
      if (!secret) continue;
      // A new key, or a saved one never verified: Stripe must vouch for it now.
      if (secret !== storedSecret || !saved?.[mode].verification) toVerify[mode] = secret;
    }
    return toVerify;
  }

  /** Saves the Stripe gateway: both key sets checked, keys needing it verified with Stripe, then sealed. */
  private async saveStripeGateway(request: GatewaySaveRequest): Promise<SettingsDocument> {
    const toVerify = this.secretsToVerify(request, this.writer.read());
    // Verified before any dialog and before anything is stored: nothing unverified is saved.
    const verified: Partial<Record<StripeMode, { secret: string; verification: StripeVerification }>> = {};
    for (const mode of STRIPE_MODES) {
      const secret = toVerify[mode];
      if (!secret) continue;
      try {
        verified[mode] = { secret, verification: await this.stripeKeys.verifyWithStripe(secret, mode) };
      } catch (error) {
        if (error instanceof UserFacingError && error.code === 'stripe_unreachable') {
          // Nothing that needs Stripe's answer is saved unverified: it waits in the draft.
          throw new UserFacingError('kept_as_draft', MESSAGES.keptAsDraft);
        }
        if (error instanceof UserFacingError) {
          throw new UserFacingError(error.code, `${MESSAGES.gatewayNotSaved} ${error.message}`, {
            [keySetFieldKey(mode, 'login')]: error.message,
          });
        }
        throw error;
      }
    }

    return this.writer.apply((doc) => {
      // Checked again against the settings as they are now: Stripe's answers vouch for
      // the keys verified, and for nothing saved meanwhile.
      const stillToVerify = this.secretsToVerify(request, doc);
      for (const mode of STRIPE_MODES) {
        const secret = stillToVerify[mode];
        if (secret && verified[mode]?.secret !== secret) {
          throw new UserFacingError(
            'settings_conflict',
            `${MESSAGES.gatewayNotSaved} The Stripe keys were changed elsewhere while Stripe verified these. Review the keys and Save again.`,
          );
        }
      }
      const gatewayChanged = doc.gateway.type !== 'stripe';
      if (gatewayChanged && !request.confirmedGatewayChange) throw new UserFacingError('confirmation_required', CONFIRM_GATEWAY_CHANGE);
      const check = checkKeySets(request.stripeKeySets, gatewayChanged ? null : doc.stripe.keySets);
      if (!check.ok) throw new UserFacingError('invalid_input', MESSAGES.gatewayInvalid, check.fieldErrors);

      const changes: FinanceLogChange[] = [];
      if (gatewayChanged) {
        changes.push({ field: 'Gateway', from: doc.gateway.type ? gatewayDefinition(doc.gateway.type).label : 'none', to: 'Stripe' });
        doc.gateway = { type: 'stripe', values: {}, sealedSecrets: {} };
        forgetStripeKeys(doc);
      }
      sealingErrors(() => {
        for (const mode of STRIPE_MODES) {
          changes.push(...this.stripeKeys.applyKeySet(doc.stripe.keySets[mode], check.sets[mode], verified[mode]?.verification ?? null));
        }
      });
      if (changes.length === 0) {
        // A first verification of unchanged keys is still worth keeping.
        return { kind: 'quiet', result: null, savedPaths: GATEWAY_PATHS };
      }
      return {
        kind: 'logged',
        summary: gatewayChanged ? changedSummary('Stripe') : 'Payment gateway details updated',
        changes,
        result: null,
        savedPaths: GATEWAY_PATHS,
      };
    }).doc;
  }
}
