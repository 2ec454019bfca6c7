// The Charging & Gateway page's operations, as the IPC handlers call them: each is
// done by the module of its job (billing, provider, gateway, Stripe keys and mode,
// webhooks, drafts), every change through the one SettingsWriter, every answer as a view.

import type { BillingMode } from '../../common/billing-options';
import type { FlatForm } from '../../common/draft-form';
import type {
  BillingSettings,
  DraftView,
  FinanceLogEntry,
  GatewaySaveRequest,
  ModeSwitchRequest,
  ProviderDetails,
  SavedResult,
  SettingsView,
  StripeVerification,
  VerifyRequest,
  WebhookCreateRequest,
  WebhookCreateResult,
} from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import { BillingSettingsService } from './billing-settings-service';
import type { DraftKeeper } from './draft-keeper';
import { GatewaySettingsService } from './gateway-settings-service';
import { ProviderDetailsService } from './provider-details-service';
import { SecretReader } from './secret-reader';
import type { SettingsDocument } from './settings-document';
import type { SettingsRepository } from './settings-repository';
import { SettingsViewBuilder } from './settings-view';
import { SettingsWriter } from './settings-writer';
import { StripeKeysService, type StripeApi } from './stripe-keys-service';
import { UserFacingError } from './user-facing-error';
import { VaultUnavailableError, type SecretVault } from './vault';
import { WebhookService } from './webhook-service';

export type { StripeApi } from './stripe-keys-service';

export interface SettingsServiceDeps {
  repository: SettingsRepository;
  vault: SecretVault;
  stripe: StripeApi;
  drafts: DraftKeeper;
  /** What to tell the user about the settings files (kept aside, unreadable, last good copy); read at every view. */
  storeNotice?: string | null | (() => string | null);
  /** The OS user recorded in the finance log. */
  osUser: string;
  now?: () => Date;
}

export class SettingsService {
  readonly writer: SettingsWriter;
  private readonly secrets: SecretReader;
  private readonly views: SettingsViewBuilder;
  private readonly billing: BillingSettingsService;
  private readonly provider: ProviderDetailsService;
  private readonly stripeKeys: StripeKeysService;
  private readonly gateway: GatewaySettingsService;
  private readonly webhooks: WebhookService;
  /** A draft that could not follow a save: said until the next save of a draft succeeds. */
  private draftProblem: string | null = null;

  constructor(private readonly deps: SettingsServiceDeps) {
    const now = deps.now ?? (() => new Date());
    this.secrets = new SecretReader(deps.vault);
    this.writer = new SettingsWriter({
      repository: deps.repository,
      drafts: deps.drafts,
      osUser: deps.osUser,
      now,
      onDraftProblem: (error) => {
        this.draftProblem = error instanceof UserFacingError ? error.message : 'Your draft could not be updated after the save.';
      },
    });
    const storeNotice = deps.storeNotice;
    this.views = new SettingsViewBuilder(this.secrets, () => [
      typeof storeNotice === 'function' ? storeNotice() : (storeNotice ?? null),
      deps.drafts.notice,
      this.draftProblem,
    ]);
    this.billing = new BillingSettingsService(this.writer);
    this.provider = new ProviderDetailsService(this.writer);
    this.stripeKeys = new StripeKeysService(this.writer, deps.stripe, this.secrets, deps.drafts);
    this.gateway = new GatewaySettingsService(this.writer, this.secrets, deps.drafts, this.stripeKeys);
    this.webhooks = new WebhookService(this.writer, deps.stripe, this.secrets, deps.drafts, this.stripeKeys);
  }

  private toView(doc: SettingsDocument): SettingsView {
    return this.views.build(doc);
  }

  private saved({ doc, message }: { doc: SettingsDocument; message: string }): SavedResult {
    return { view: this.toView(doc), message };
  }

  view(): SettingsView {
    return this.toView(this.writer.read());
  }

  financeLog(): FinanceLogEntry[] {
    return [...this.writer.read().financeLog].reverse();
  }

  saveBilling(input: BillingSettings): SavedResult {
    return this.saved(this.billing.saveBilling(input));
  }

  switchBillingMode(to: BillingMode): SavedResult {
    return this.saved(this.billing.switchBillingMode(to));
  }

  saveProvider(input: ProviderDetails): SavedResult {
    return this.saved(this.provider.saveProvider(input));
  }

  async saveGateway(request: GatewaySaveRequest): Promise<SavedResult> {
    return this.saved(await this.gateway.saveGateway(request));
  }

  async verifyStripeKeys(request: VerifyRequest): Promise<{ verification: StripeVerification; view: SettingsView }> {
    const { verification, doc } = await this.stripeKeys.verifyStripeKeys(request);
    return { verification, view: this.toView(doc) };
  }

  switchStripeMode(request: ModeSwitchRequest): SavedResult {
    return this.saved(this.stripeKeys.switchStripeMode(request));
  }

  async createWebhookEndpoint(request: WebhookCreateRequest): Promise<WebhookCreateResult> {
    const outcome = await this.webhooks.createWebhookEndpoint(request);
    if (outcome.status === 'exists') return outcome;
    return { status: outcome.status, view: this.toView(outcome.doc), message: outcome.message };
  }

  /** The app-wide Stripe mode, without building (and decrypting for) a whole view. */
  activeStripeMode(): StripeMode {
    return this.writer.read().stripe.activeMode;
  }

  providerAccountId(): string {
    return this.writer.read().provider.accountId;
  }

  /** The active mode's secret key, for main's own Stripe calls; never sent to the renderer. */
  activeStripeSecretKey(): { mode: StripeMode; secretKey: string } | null {
    const doc = this.writer.read();
    const mode = doc.stripe.activeMode;
    const secretKey = this.stripeKeys.storedSecretKey(doc, mode);
    return secretKey ? { mode, secretKey } : null;
  }

  /** Plaintext of a saved secret, for main's own use (Stripe calls); never sent to the renderer. */
  revealSecret(fieldKey: string): string | null {
    const sealed = this.writer.read().gateway.sealedSecrets[fieldKey];
    return sealed ? this.deps.vault.open(sealed) : null;
  }

  draft(): DraftView | null {
    return this.deps.drafts.view(this.writer.read());
  }

  saveDraft(form: FlatForm): DraftView | null {
    try {
      const view = this.deps.drafts.save(form, this.writer.read());
      this.draftProblem = null;
      return view;
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
    return this.deps.drafts.resolve(choices, this.writer.read());
  }
}
