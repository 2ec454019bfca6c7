// The operations of the Charging & Gateway page. Main's single source of truth: it
// decides what is saved, keeps secrets sealed, and writes the finance log.

import { createHash, randomUUID } from 'node:crypto';
import { NUMBERING_PERIODS, type BillingMode } from '../../common/billing-options';
import { gatewayDefinition } from '../../common/gateways';
import type {
  BillingSettings,
  FinanceLogChange,
  FinanceLogEntry,
  GatewaySaveRequest,
  GatewayView,
  DraftView,
  ModeSwitchRequest,
  SavedResult,
  SettingsView,
  StripeKeySetView,
  StripeVerification,
  VerifyRequest,
  WebhookCreateRequest,
  WebhookCreateResult,
} from '../../common/ipc-contract';
import { STRIPE_MODES, checkStripeKey, type StripeMode } from '../../common/stripe-keys';
import type { FlatForm } from '../../common/draft-form';
import type { StripeService } from '../stripe/stripe-service';
import type { DraftKeeper } from './draft-keeper';
import { maskSecret } from './masking';
import { emptyKeySet, type SettingsDocument, type StoredKeySet } from './settings-document';
import { KEY_FIELD_LABELS, SET_NAMES, checkKeySets, keySetFieldKey, type CheckedKeySet } from './stripe-key-sets';
import { checkAccessToken, normaliseAdminDomain, stripeCallbackUrl } from './webhook-url';
import type { SettingsRepository } from './settings-repository';
import { UserFacingError } from './user-facing-error';
import { MESSAGES, validateBilling, validateGateway, validateProvider } from './validation';
import { VaultUnavailableError, type SecretVault } from './vault';

/** The Stripe calls the service makes; StripeService in the app. */
export type StripeApi = Pick<StripeService, 'verify' | 'findWebhookEndpoints' | 'createWebhookEndpoint' | 'deleteWebhookEndpoint'>;

export interface ServiceDeps {
  repository: SettingsRepository;
  vault: SecretVault;
  stripe: StripeApi;
  drafts: DraftKeeper;
  /** Set when the settings file could not be read at start and was kept aside. */
  storeNotice?: string | null;
  /** The OS user recorded in the finance log. */
  osUser: string;
  now?: () => Date;
}

/** Draft paths a gateway save takes over. */
const GATEWAY_PATHS = ['gateway.', 'stripe.'];

/** A verification of the same key is reused for this long (Save right after Verify, the second save call after the dialogs). */
const VERIFICATION_REUSE_MS = 5 * 60_000;

const BILLING_LABELS: Record<keyof BillingSettings, string> = {
  chargingEnabled: 'Charging enabled',
  currency: 'Currency',
  invoiceFootnote: 'Invoice footnote',
  vatZeroText: 'Text to show if VAT/Sales Tax is 0%',
  numberingPeriod: 'Billing periods for invoice IDs',
};

export class BillingDeskService {
  private readonly now: () => Date;
  /** Recent verifications by mode and key hash; memory only, never stored. */
  private readonly recentVerifications = new Map<string, { verification: StripeVerification; at: number }>();

  constructor(private readonly deps: ServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  view(): SettingsView {
    return this.toView(this.deps.repository.load());
  }

  financeLog(): FinanceLogEntry[] {
    return [...this.deps.repository.load().financeLog].reverse();
  }

  saveBilling(input: BillingSettings): SavedResult {
    const fieldErrors = validateBilling(input);
    if (Object.keys(fieldErrors).length > 0) {
      throw new UserFacingError('invalid_input', MESSAGES.financeInvalid, fieldErrors);
    }
    const doc = this.deps.repository.load();
    const changes: FinanceLogChange[] = [];
    for (const key of Object.keys(BILLING_LABELS) as (keyof BillingSettings)[]) {
      const from = describeBillingValue(key, doc.billing[key]);
      const to = describeBillingValue(key, input[key]);
      if (from !== to) changes.push({ field: BILLING_LABELS[key], from, to });
    }
    const numberingChanged = doc.billing.numberingPeriod !== input.numberingPeriod;
    const message = numberingChanged ? MESSAGES.financeSavedNumberingChanged : MESSAGES.financeSaved;
    if (changes.length > 0) {
      doc.billing = { ...input };
      this.commit(doc, MESSAGES.financeSaved, changes);
    }
    return { view: this.toView(doc), message };
  }

  saveProvider(input: { accountId: string; name: string }): SavedResult {
    const fieldErrors = validateProvider(input);
    if (Object.keys(fieldErrors).length > 0) throw new UserFacingError('invalid_input', MESSAGES.providerInvalid, fieldErrors);
    const doc = this.deps.repository.load();
    const next = { accountId: input.accountId.trim(), name: input.name.trim() };
    const changes: FinanceLogChange[] = [];
    if (next.accountId !== doc.provider.accountId) changes.push({ field: 'Provider account ID', from: doc.provider.accountId, to: next.accountId });
    if (next.name !== doc.provider.name) changes.push({ field: 'Provider name', from: doc.provider.name, to: next.name });
    if (changes.length > 0) {
      doc.provider = next;
      this.commit(doc, 'Provider details updated', changes);
    }
    return { view: this.toView(doc), message: MESSAGES.providerSaved };
  }

  switchBillingMode(to: BillingMode): SavedResult {
    const doc = this.deps.repository.load();
    const summary = `Billing mode changed to ${to}`;
    if (doc.billingMode !== to) {
      const from = doc.billingMode;
      doc.billingMode = to;
      this.commit(doc, summary, [{ field: 'Billing mode', from, to }]);
    }
    return { view: this.toView(doc), message: summary };
  }

  async saveGateway(typed: GatewaySaveRequest): Promise<SavedResult> {
    const request = this.withDraftSecrets(typed);
    if (request.type === 'stripe') return this.saveStripeGateway(request);
    return this.saveOtherGateway(request);
  }

  /** Empty secret inputs take a secret typed earlier and kept in the draft. */
  private withDraftSecrets(request: GatewaySaveRequest): GatewaySaveRequest {
    const drafts = this.deps.drafts;
    const fill = (typed: string | boolean | undefined, path: string) =>
      typed === '' || typed === undefined ? (drafts.draftSecret(path) ?? '') : typed;
    const values = { ...request.values };
    if (request.type && request.type !== 'stripe') {
      for (const field of gatewayDefinition(request.type).fields.filter((f) => f.secret)) {
        values[field.key] = fill(values[field.key], `gateway.${request.type}.${field.key}`);
      }
    }
    const sets = request.stripeKeySets;
    const stripeKeySets = sets
      ? {
          test: { ...sets.test, login: fill(sets.test.login, 'stripe.test.login') as string, endpoint_secret: fill(sets.test.endpoint_secret, 'stripe.test.endpoint_secret') as string },
          live: { ...sets.live, login: fill(sets.live.login, 'stripe.live.login') as string, endpoint_secret: fill(sets.live.endpoint_secret, 'stripe.live.endpoint_secret') as string },
        }
      : undefined;
    return { ...request, values, ...(stripeKeySets ? { stripeKeySets } : {}) };
  }

  private saveOtherGateway(request: GatewaySaveRequest): SavedResult {
    const doc = this.deps.repository.load();
    const saved = doc.gateway;
    const check = validateGateway(request, {
      type: saved.type,
      savedSecretKeys: new Set(Object.keys(saved.sealedSecrets)),
    });
    if (!check.ok) throw new UserFacingError('invalid_input', MESSAGES.gatewayInvalid, check.fieldErrors);
    const { definition, values } = check.gateway;
    const gatewayChanged = saved.type !== definition.id;
    if (gatewayChanged && !request.confirmedGatewayChange) {
      throw new UserFacingError(
        'confirmation_required',
        'Changing the payment gateway must be confirmed in both dialogs before it is saved.',
      );
    }

    const nextValues: Record<string, string | boolean> = {};
    const nextSealed: Record<string, string> = gatewayChanged ? {} : { ...saved.sealedSecrets };
    const changes: FinanceLogChange[] = [];
    if (gatewayChanged) {
      const fromLabel = saved.type ? gatewayDefinition(saved.type).label : 'none';
      changes.push({ field: 'Gateway', from: fromLabel, to: definition.label });
    }
    try {
      for (const field of definition.fields) {
        const value = values[field.key];
        if (field.secret) {
          if (typeof value !== 'string') continue; // left empty: the saved secret stays
          const previous = gatewayChanged ? null : this.openOrNull(saved.sealedSecrets[field.key]);
          if (previous === value) continue;
          nextSealed[field.key] = this.deps.vault.seal(value);
          changes.push({ field: field.label, from: previous === null ? '' : maskSecret(previous), to: maskSecret(value) });
        } else if (value !== undefined) {
          nextValues[field.key] = value;
          const from = gatewayChanged ? '' : describeGatewayValue(saved.values[field.key]);
          const to = describeGatewayValue(value);
          if (from !== to) changes.push({ field: field.label, from, to });
        }
      }
    } catch (error) {
      if (error instanceof VaultUnavailableError) {
        throw new UserFacingError('keychain_unavailable', error.message);
      }
      throw error;
    }

    doc.gateway = { type: definition.id, values: nextValues, sealedSecrets: nextSealed };
    if (gatewayChanged) this.forgetStripeKeys(doc);
    if (changes.length > 0) {
      const summary = gatewayChanged
        ? `Payment gateway changed to ${definition.label}. All buyers' credit card details were made invalid: they must enter them again to be billed.`
        : 'Payment gateway details updated';
      this.commit(doc, summary, changes);
    }
    return { view: this.toView(doc), message: MESSAGES.gatewaySaved };
  }


  /** Saves the Stripe gateway: both key sets checked, new secret keys verified with Stripe, then sealed. */
  private async saveStripeGateway(request: GatewaySaveRequest): Promise<SavedResult> {
    const doc = this.deps.repository.load();
    const gatewayChanged = doc.gateway.type !== 'stripe';
    const saved = gatewayChanged ? null : doc.stripe.keySets;
    const check = checkKeySets(request.stripeKeySets, saved);
    if (!check.ok) throw new UserFacingError('invalid_input', MESSAGES.gatewayInvalid, check.fieldErrors);

    // Verify every set whose secret key is new or was never verified, before any dialog
    // and before anything is stored: nothing unverified is saved.
    const verifications: Partial<Record<StripeMode, StripeVerification>> = {};
    for (const mode of STRIPE_MODES) {
      const set = check.sets[mode];
      if (set.empty) continue;
      const storedSecret = saved ? this.openOrNull(saved[mode].sealedSecretKey ?? undefined) : null;
      const secret = set.newSecretKey ?? storedSecret;
      if (!secret) continue;
      const unchanged = secret === storedSecret && saved?.[mode].verification;
      if (unchanged) continue;
      try {
        verifications[mode] = await this.verifyCached(secret, mode);
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

    if (gatewayChanged && !request.confirmedGatewayChange) {
      throw new UserFacingError('confirmation_required', 'Changing the payment gateway must be confirmed in both dialogs before it is saved.');
    }

    const changes: FinanceLogChange[] = [];
    if (gatewayChanged) {
      const fromLabel = doc.gateway.type ? gatewayDefinition(doc.gateway.type).label : 'none';
      changes.push({ field: 'Gateway', from: fromLabel, to: 'Stripe' });
      doc.gateway = { type: 'stripe', values: {}, sealedSecrets: {} };
      this.forgetStripeKeys(doc);
    }
    try {
      for (const mode of STRIPE_MODES) {
        changes.push(...this.applyKeySet(doc.stripe.keySets[mode], check.sets[mode], verifications[mode] ?? null));
      }
    } catch (error) {
      if (error instanceof VaultUnavailableError) throw new UserFacingError('keychain_unavailable', error.message);
      throw error;
    }
    if (changes.length > 0) {
      const summary = gatewayChanged
        ? "Payment gateway changed to Stripe. All buyers' credit card details were made invalid: they must enter them again to be billed."
        : 'Payment gateway details updated';
      this.commit(doc, summary, changes, GATEWAY_PATHS);
    } else {
      this.deps.repository.save(doc); // a first verification of unchanged keys is still worth keeping
      this.deps.drafts.afterSave(doc, GATEWAY_PATHS);
    }
    return { view: this.toView(doc), message: MESSAGES.gatewaySaved };
  }

  /** Applies one checked set to its stored form and says what changed, secrets masked. */
  private applyKeySet(stored: StoredKeySet, set: CheckedKeySet, verification: StripeVerification | null): FinanceLogChange[] {
    const changes: FinanceLogChange[] = [];
    const label = (field: keyof typeof KEY_FIELD_LABELS) => `${SET_NAMES[set.mode]}: ${KEY_FIELD_LABELS[field]}`;
    if (set.newSecretKey) {
      const previous = this.openOrNull(stored.sealedSecretKey ?? undefined);
      if (previous !== set.newSecretKey) {
        stored.sealedSecretKey = this.deps.vault.seal(set.newSecretKey);
        changes.push({ field: label('login'), from: previous ? maskSecret(previous) : '', to: maskSecret(set.newSecretKey) });
      }
    }
    if (set.newWebhookSecret) {
      const previous = this.openOrNull(stored.sealedWebhookSecret ?? undefined);
      if (previous !== set.newWebhookSecret) {
        stored.sealedWebhookSecret = this.deps.vault.seal(set.newWebhookSecret);
        changes.push({ field: label('endpoint_secret'), from: previous ? maskSecret(previous) : '', to: maskSecret(set.newWebhookSecret) });
      }
    }
    if (set.publishableKey !== stored.publishableKey && !set.empty) {
      changes.push({ field: label('publishable_key'), from: stored.publishableKey, to: set.publishableKey });
      stored.publishableKey = set.publishableKey;
    }
    if (verification) stored.verification = verification;
    return changes;
  }

  private forgetStripeKeys(doc: SettingsDocument): void {
    doc.stripe.keySets = { test: emptyKeySet(), live: emptyKeySet() };
    doc.stripe.webhook.endpointIds = { test: null, live: null };
  }

  private async verifyCached(secret: string, mode: StripeMode): Promise<StripeVerification> {
    const cacheKey = `${mode}:${createHash('sha256').update(secret).digest('hex')}`;
    const recent = this.recentVerifications.get(cacheKey);
    if (recent && Date.now() - recent.at < VERIFICATION_REUSE_MS) return recent.verification;
    const verification = await this.deps.stripe.verify(secret, mode);
    this.recentVerifications.set(cacheKey, { verification, at: Date.now() });
    return verification;
  }

  /** "Verify": checks the typed key set (or the saved secret key) with Stripe; saves nothing typed. */
  async verifyStripeKeys(request: VerifyRequest): Promise<{ verification: StripeVerification; view: SettingsView }> {
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
    const doc = this.deps.repository.load();
    const stored = doc.gateway.type === 'stripe' ? doc.stripe.keySets[mode] : null;
    const storedSecret = this.openOrNull(stored?.sealedSecretKey ?? undefined);
    const secret = request.keys.login.trim() || this.deps.drafts.draftSecret(`stripe.${mode}.login`) || storedSecret;
    if (!secret) {
      throw new UserFacingError('invalid_input', `Enter the ${SET_NAMES[mode]}' Secret Key to verify it.`, { [field]: MESSAGES.blank });
    }
    let verification: StripeVerification;
    try {
      verification = await this.verifyCached(secret, mode);
    } catch (error) {
      if (error instanceof UserFacingError) throw new UserFacingError(error.code, error.message, { [field]: error.message });
      throw error;
    }
    if (stored && secret === storedSecret) {
      // The saved key itself was verified: remember it (this is what allows live mode).
      stored.verification = verification;
      this.deps.repository.save(doc);
    }
    return { verification, view: this.toView(doc) };
  }

  switchStripeMode(request: ModeSwitchRequest): SavedResult {
    const doc = this.deps.repository.load();
    const { to } = request;
    const from = doc.stripe.activeMode;
    if (from === to) return { view: this.toView(doc), message: `Stripe is already in ${to} mode` };
    if (to === 'live') {
      const live = doc.stripe.keySets.live;
      const complete = doc.gateway.type === 'stripe' && Boolean(live.sealedSecretKey && live.sealedWebhookSecret && live.publishableKey);
      if (!complete) {
        throw new UserFacingError(
          'mode_switch_refused',
          'Live mode needs the complete set of Live keys (Secret Key, Publishable Key and Webhook Signing Secret), saved and verified with Stripe. Enter them under Live keys and Save first.',
        );
      }
      if (!live.verification || live.verification.account.livemode === false) {
        throw new UserFacingError(
          'mode_switch_refused',
          'The Live keys have not been verified with Stripe yet. Use Verify on the Live keys, then switch.',
        );
      }
      if (!request.confirmed) {
        throw new UserFacingError('confirmation_required', 'Switching to live mode must be confirmed.');
      }
    }
    doc.stripe.activeMode = to;
    const summary = `Stripe mode changed to ${to}`;
    this.commit(doc, summary, [{ field: 'Stripe mode', from, to }]);
    return { view: this.toView(doc), message: to === 'live' ? 'Live mode is on: Stripe calls now use real cards and real money.' : 'Test mode is on: no real money moves.' };
  }

  /** Registers 3scale's Stripe callback in the active mode and keeps its signing secret. */
  async createWebhookEndpoint(request: WebhookCreateRequest): Promise<WebhookCreateResult> {
    const doc = this.deps.repository.load();
    const mode = doc.stripe.activeMode;
    const fieldErrors: Record<string, string> = {};
    const domain = normaliseAdminDomain(request.adminDomain);
    if (!domain.ok) fieldErrors.adminDomain = domain.error;
    const typedToken = request.accessToken.trim() || this.deps.drafts.draftSecret('webhook.accessToken') || '';
    const token = typedToken || this.openOrNull(doc.stripe.webhook.sealedAccessToken ?? undefined);
    const tokenProblem = token ? checkAccessToken(token) : MESSAGES.blank;
    if (tokenProblem) fieldErrors.accessToken = tokenProblem;
    if (!domain.ok || tokenProblem || !token) {
      throw new UserFacingError('invalid_input', 'The webhook endpoint cannot be created until these fields are corrected.', fieldErrors);
    }
    const secretKey = doc.gateway.type === 'stripe' ? this.openOrNull(doc.stripe.keySets[mode].sealedSecretKey ?? undefined) : null;
    if (!secretKey) {
      throw new UserFacingError('invalid_input', `Save the ${SET_NAMES[mode]} (the active mode) before creating their webhook endpoint.`);
    }
    const { url, urlWithoutQuery } = stripeCallbackUrl(domain.domain, token);
    const existing = await this.deps.stripe.findWebhookEndpoints(secretKey, mode, urlWithoutQuery);
    const first = existing[0];
    if (first && request.onExisting === 'ask') {
      return { status: 'exists', endpointId: first.id, maskedUrl: `${urlWithoutQuery}?access_token=…` };
    }

    const before = this.maskedWebhookState(doc);
    let status: 'created' | 'adopted';
    if (first && request.onExisting === 'use') {
      doc.stripe.webhook.endpointIds[mode] = first.id;
      status = 'adopted';
    } else {
      for (const endpoint of request.onExisting === 'replace' ? existing : []) {
        await this.deps.stripe.deleteWebhookEndpoint(secretKey, mode, endpoint.id);
      }
      const created = await this.deps.stripe.createWebhookEndpoint(secretKey, mode, url, randomUUID());
      doc.stripe.keySets[mode].sealedWebhookSecret = this.deps.vault.seal(created.secret);
      doc.stripe.webhook.endpointIds[mode] = created.id;
      status = 'created';
    }
    doc.stripe.webhook.adminDomain = domain.domain;
    if (typedToken) doc.stripe.webhook.sealedAccessToken = this.deps.vault.seal(typedToken);
    const after = this.maskedWebhookState(doc);
    const changes = Object.keys(after)
      .filter((field) => before[field] !== after[field])
      .map((field) => ({ field, from: before[field] ?? '', to: after[field] ?? '' }));
    const summary =
      status === 'created'
        ? `Webhook endpoint created in ${mode} mode for payment_intent.succeeded${first ? ' (replacing the existing one)' : ''}`
        : `Existing webhook endpoint ${first?.id ?? ''} adopted in ${mode} mode`;
    this.commit(doc, summary, changes, ['webhook.', `stripe.${mode}.endpoint_secret`]);
    const message =
      status === 'created'
        ? 'Webhook endpoint created. Its signing secret was saved in Webhook Signing Secret.'
        : `Using the existing endpoint ${first?.id ?? ''}. Stripe shows its signing secret only once: copy it from the endpoint's page in Stripe's Dashboard into Webhook Signing Secret, then Save.`;
    return { status, view: this.toView(doc), message };
  }

  private maskedWebhookState(doc: SettingsDocument): Record<string, string> {
    const mode = doc.stripe.activeMode;
    const token = this.openOrNull(doc.stripe.webhook.sealedAccessToken ?? undefined);
    const secret = this.openOrNull(doc.stripe.keySets[mode].sealedWebhookSecret ?? undefined);
    return {
      '3scale admin portal domain': doc.stripe.webhook.adminDomain,
      'Access token': token ? maskSecret(token) : '',
      [`${SET_NAMES[mode]}: Webhook endpoint`]: doc.stripe.webhook.endpointIds[mode] ?? '',
      [`${SET_NAMES[mode]}: Webhook Signing Secret`]: secret ? maskSecret(secret) : '',
    };
  }

  /** The app-wide Stripe mode, without building (and decrypting for) a whole view. */
  activeStripeMode(): StripeMode {
    return this.deps.repository.load().stripe.activeMode;
  }

  providerAccountId(): string {
    return this.deps.repository.load().provider.accountId;
  }

  /** The active mode's secret key, for main's own Stripe calls; never sent to the renderer. */
  activeStripeSecretKey(): { mode: StripeMode; secretKey: string } | null {
    const doc = this.deps.repository.load();
    if (doc.gateway.type !== 'stripe') return null;
    const mode = doc.stripe.activeMode;
    const secretKey = this.openOrNull(doc.stripe.keySets[mode].sealedSecretKey ?? undefined);
    return secretKey ? { mode, secretKey } : null;
  }

  /** Plaintext of a saved secret, for main's own use (Stripe calls); never sent to the renderer. */
  revealSecret(fieldKey: string): string | null {
    const sealed = this.deps.repository.load().gateway.sealedSecrets[fieldKey];
    return sealed ? this.deps.vault.open(sealed) : null;
  }

  /** Applies a change: new revision, finance log entry, then the draft follows (savedPaths: what it held that is now saved). */
  private commit(doc: SettingsDocument, summary: string, changes: FinanceLogChange[], savedPaths: readonly string[] = []): void {
    doc.revision += 1;
    doc.financeLog.push({ at: this.now().toISOString(), user: this.deps.osUser, summary, changes });
    this.deps.repository.save(doc);
    this.deps.drafts.afterSave(doc, savedPaths);
  }

  draft(): DraftView | null {
    return this.deps.drafts.view(this.deps.repository.load());
  }

  saveDraft(form: FlatForm): DraftView | null {
    try {
      return this.deps.drafts.save(form, this.deps.repository.load());
    } catch (error) {
      if (error instanceof VaultUnavailableError) throw new UserFacingError('keychain_unavailable', error.message);
      throw error;
    }
  }

  discardDraft(): null {
    this.deps.drafts.discard();
    return null;
  }

  resolveDraftConflicts(choices: Record<string, 'saved' | 'draft'>): DraftView | null {
    return this.deps.drafts.resolve(choices, this.deps.repository.load());
  }

  private openOrNull(sealed: string | undefined): string | null {
    if (!sealed) return null;
    try {
      return this.deps.vault.open(sealed);
    } catch {
      return null;
    }
  }

  private maskedSecrets(doc: SettingsDocument): Record<string, string | null> {
    const masked: Record<string, string | null> = {};
    for (const [key, sealed] of Object.entries(doc.gateway.sealedSecrets)) {
      try {
        masked[key] = maskSecret(this.deps.vault.open(sealed));
      } catch {
        masked[key] = '(cannot be decrypted on this system)';
      }
    }
    return masked;
  }

  private toView(doc: SettingsDocument): SettingsView {
    const masked = this.maskedSecrets(doc);
    const gateway: GatewayView = {
      type: doc.gateway.type,
      values: { ...doc.gateway.values },
      maskedSecrets: {},
      configured: false,
    };
    if (doc.gateway.type === 'stripe') {
      gateway.configured = keySetComplete(doc.stripe.keySets[doc.stripe.activeMode]);
    } else if (doc.gateway.type) {
      const definition = gatewayDefinition(doc.gateway.type);
      for (const field of definition.fields.filter((f) => f.secret)) {
        gateway.maskedSecrets[field.key] = masked[field.key] ?? null;
      }
      gateway.configured = definition.fields.every(
        (f) => f.kind === 'checkbox' || (f.secret ? Boolean(doc.gateway.sealedSecrets[f.key]) : Boolean(doc.gateway.values[f.key])),
      );
    }
    return {
      revision: doc.revision,
      provider: { ...doc.provider },
      billingMode: doc.billingMode,
      billing: { ...doc.billing },
      gateway,
      stripe: {
        activeMode: doc.stripe.activeMode,
        keySets: { test: this.keySetView(doc.stripe.keySets.test), live: this.keySetView(doc.stripe.keySets.live) },
        webhook: {
          adminDomain: doc.stripe.webhook.adminDomain,
          maskedAccessToken: this.maskOrNull(doc.stripe.webhook.sealedAccessToken),
          endpointIds: { ...doc.stripe.webhook.endpointIds },
        },
      },
      keychain: { backend: this.deps.vault.backend, name: this.deps.vault.backendName },
      storeNotice: [this.deps.storeNotice, this.deps.drafts.notice].filter(Boolean).join(' ') || null,
    };
  }

  private maskOrNull(sealed: string | null): string | null {
    if (!sealed) return null;
    const plain = this.openOrNull(sealed);
    return plain ? maskSecret(plain) : '(cannot be decrypted on this system)';
  }

  private keySetView(stored: StoredKeySet): StripeKeySetView {
    return {
      publishableKey: stored.publishableKey,
      maskedSecretKey: this.maskOrNull(stored.sealedSecretKey),
      maskedWebhookSecret: this.maskOrNull(stored.sealedWebhookSecret),
      complete: keySetComplete(stored),
      verification: stored.verification,
    };
  }
}

function keySetComplete(set: StoredKeySet): boolean {
  return Boolean(set.sealedSecretKey && set.sealedWebhookSecret && set.publishableKey);
}

function describeBillingValue(key: keyof BillingSettings, value: BillingSettings[keyof BillingSettings]): string {
  if (key === 'chargingEnabled') return value ? 'on' : 'off';
  if (key === 'numberingPeriod') return NUMBERING_PERIODS.find((p) => p.id === value)?.label ?? String(value);
  return String(value);
}

function describeGatewayValue(value: string | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value;
}

