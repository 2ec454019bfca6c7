// The one IPC contract: every channel with its request and response types. Main
// implements it, preload exposes it, the renderer imports its types only.
//
// Adding a channel: declare it in IpcChannels and CHANNEL_OF, give it a payload schema
// in main/ipc/payload-schemas.ts and a handler in main/ipc/handlers.ts; TypeScript
// then fails until preload and the renderer agree.

import type { BillingMode, CurrencyCode, NumberingPeriod } from './billing-options';
import type { GatewayId } from './gateways';
import type { FlatForm } from './draft-form';
import type { StripeKeyField, StripeMode } from './stripe-keys';

export interface BillingSettings {
  chargingEnabled: boolean;
  currency: CurrencyCode;
  invoiceFootnote: string;
  vatZeroText: string;
  numberingPeriod: NumberingPeriod;
}

export type GatewayValues = Record<string, string | boolean>;

/** What the renderer may know of the saved gateway: public values and masked secrets. */
export interface GatewayView {
  type: GatewayId | null;
  /** Non-secret fields as saved. */
  values: GatewayValues;
  /** Secret fields: a masked form such as "sk_test_…4242", or null when none is saved. */
  maskedSecrets: Record<string, string | null>;
  /** Every non-checkbox field filled in: invoices can be charged. */
  configured: boolean;
}

export type KeychainBackend = 'os' | 'basic_text' | 'unavailable';

/** One Stripe key set as typed: an empty secret keeps the saved one. */
export type StripeKeySetInput = Record<StripeKeyField, string>;

/** What Stripe told about the account a secret key reaches. Null where a restricted key may not read it. */
export interface StripeAccountSummary {
  accountId: string | null;
  name: string | null;
  country: string | null;
  defaultCurrency: string | null;
  chargesEnabled: boolean | null;
  /** The mode Stripe reported serving (from the balance), or null when no readable object says. */
  livemode: boolean | null;
}

export interface MissingPermission {
  /** Stripe's name for it, e.g. rak_customer_read. */
  permission: string;
  /** What in Billing Desk needs it. */
  feature: string;
}

export interface StripeVerification {
  verifiedAt: string;
  restricted: boolean;
  account: StripeAccountSummary;
  missingPermissions: MissingPermission[];
  /** Lower-case currency codes the account can charge in, when Stripe told. */
  supportedCurrencies: string[] | null;
}

export interface StripeKeySetView {
  publishableKey: string;
  maskedSecretKey: string | null;
  maskedWebhookSecret: string | null;
  /** All three keys saved. */
  complete: boolean;
  /** The last successful verification of the saved secret key, or null. */
  verification: StripeVerification | null;
}

export interface StripeView {
  activeMode: StripeMode;
  keySets: Record<StripeMode, StripeKeySetView>;
  webhook: {
    adminDomain: string;
    maskedAccessToken: string | null;
    /** The endpoint Billing Desk created or adopted, per mode. */
    endpointIds: Record<StripeMode, string | null>;
  };
}

export interface ProviderDetails {
  /** The 3scale provider account ID: a positive whole number, as text. */
  accountId: string;
  name: string;
}

export interface SettingsView {
  revision: number;
  provider: ProviderDetails;
  billingMode: BillingMode;
  billing: BillingSettings;
  gateway: GatewayView;
  stripe: StripeView;
  keychain: { backend: KeychainBackend; name: string };
  /** Set when a settings or draft file could not be read and was kept aside. */
  storeNotice: string | null;
}

export interface SavedResult {
  view: SettingsView;
  /** The flash message to show, 3scale's wording. */
  message: string;
}

export interface GatewaySaveRequest {
  type: GatewayId | null;
  /**
   * Every field of the chosen gateway. For a secret field an empty string keeps the
   * saved secret (the form never holds it); any other value replaces it.
   */
  values: GatewayValues;
  /** The Stripe group's two key sets; for the Stripe gateway only. */
  stripeKeySets?: Record<StripeMode, StripeKeySetInput>;
  /** The user accepted both gateway-change dialogs. Main refuses a change without it. */
  confirmedGatewayChange: boolean;
}

export interface FinanceLogChange {
  field: string;
  from: string;
  to: string;
}

export interface FinanceLogEntry {
  at: string;
  user: string;
  summary: string;
  changes: FinanceLogChange[];
}

export interface VerifyRequest {
  mode: StripeMode;
  /** The keys as typed; an empty secret means the saved one. */
  keys: StripeKeySetInput;
}

export interface ModeSwitchRequest {
  to: StripeMode;
  /** The user accepted the live-mode confirmation. */
  confirmed: boolean;
}

export interface WebhookCreateRequest {
  /** The 3scale admin portal's domain, e.g. acme-admin.3scale.net. */
  adminDomain: string;
  /** An access token with Billing API scope; empty keeps the saved one. */
  accessToken: string;
  /** What to do when an endpoint with the callback URL already exists: 'ask' reports it. */
  onExisting: 'ask' | 'replace' | 'use';
}

export type WebhookCreateResult =
  | { status: 'created'; view: SettingsView; message: string }
  | { status: 'adopted'; view: SettingsView; message: string }
  | { status: 'exists'; endpointId: string; maskedUrl: string };

export interface FieldDifference {
  path: string;
  label: string;
  /** As saved now; secrets masked. */
  saved: string;
  /** As in the draft; secrets masked. */
  draft: string;
}

/** The draft as the renderer may see it: typed secrets stay in main, shown as masks. */
export interface DraftView {
  updatedAt: string;
  /** The whole form with the draft's edits over the saved settings; secret paths empty. */
  form: FlatForm;
  /** Secret paths typed anew and kept in the draft → their mask. */
  draftSecretMasks: Record<string, string>;
  differences: FieldDifference[];
  /** Fields changed both here and in the saved settings since the draft began. */
  conflicts: FieldDifference[];
  /** Applying needs Stripe (keys to verify). */
  needsStripe: boolean;
}

export interface ConnectivityView {
  /** null until the first check. */
  online: boolean | null;
  checkedAt: string | null;
  /** Why it is offline, in a few words. */
  detail: string | null;
}

/** The template checker's report, as the screen shows it. */
export interface TemplateCheckView {
  /** The template parsed. */
  ok: boolean;
  allHaveStripe: boolean;
  /** Where it does not parse: 1-based line and column, and the parser's reason. */
  error: { line: number; column: number; message: string } | null;
  caseBlocks: { startLine: number; endLine: number; hasStripe: boolean; message: string }[];
  /** Plain sentences: one per case block, and any problem. */
  messages: string[];
  problems: string[];
  /** Tags and filters neither Liquid nor 3scale knows: reported with their line, not refused. */
  warnings: { kind: 'unknown_tag' | 'unknown_filter'; name: string; line: number; column: number; message: string }[];
}

export interface TemplateFixView {
  ok: boolean;
  changed: boolean;
  /** The fixed template (or the original when nothing could be changed). */
  output: string;
  notes: string[];
  /** Unified diff of the change. */
  diff: string;
  /** The fixed template was parsed and checked again: it is valid and every case block has Stripe. */
  verified: boolean;
}

export interface TemplateFile {
  fileName: string;
  source: string;
}

export type CustomerProblemKind = 'other_provider' | 'malformed_reference' | 'no_reference' | 'duplicate_account' | 'deleted';
export type CardStatus = 'ok' | 'expires_soon' | 'expired' | 'none';

export interface CustomerRowView {
  customerId: string;
  developerAccountId: string | null;
  name: string | null;
  email: string | null;
  /** Unix seconds. */
  created: number;
  card: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null } | null;
  cardStatus: CardStatus;
  chargeable: boolean;
  problems: { kind: CustomerProblemKind; detail: string }[];
}

export interface CustomersSummaryView {
  total: number;
  chargeable: number;
  noCard: number;
  expired: number;
  expiresSoon: number;
  problems: number;
  byProblem: Record<CustomerProblemKind, number>;
}

export interface CustomersView {
  mode: StripeMode;
  status: 'idle' | 'loading' | 'done' | 'failed' | 'cancelled';
  progress: { loaded: number; estimatedTotal: number | null; requests: number; rateLimited: number } | null;
  /** When the rows were loaded from Stripe (the cache's time). */
  loadedAt: string | null;
  summary: CustomersSummaryView | null;
  rows: CustomerRowView[];
  error: string | null;
  /** The provider account ID the rows were matched against. */
  providerId: string | null;
}

export type IpcErrorCode =
  | 'invalid_input'
  | 'confirmation_required'
  | 'stripe_auth'
  | 'stripe_permission'
  | 'stripe_unreachable'
  | 'stripe_error'
  | 'stripe_rate_limited'
  | 'stripe_mode_mismatch'
  | 'mode_switch_refused'
  | 'kept_as_draft'
  | 'keychain_unavailable'
  | 'store_unreadable'
  | 'forbidden_sender'
  | 'unknown_channel'
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  /** Plain text for the user; never carries a secret or a stack trace. */
  message: string;
  /** Field key → message shown next to that field. */
  fieldErrors?: Record<string, string>;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcChannels {
  'settings:get': { request: null; response: SettingsView };
  'billing:save': { request: BillingSettings; response: SavedResult };
  'billing-mode:switch': { request: { to: BillingMode }; response: SavedResult };
  'provider:save': { request: ProviderDetails; response: SavedResult };
  'gateway:save': { request: GatewaySaveRequest; response: SavedResult };
  'finance-log:list': { request: null; response: FinanceLogEntry[] };
  'stripe:verify': { request: VerifyRequest; response: { verification: StripeVerification; view: SettingsView } };
  'stripe-mode:switch': { request: ModeSwitchRequest; response: SavedResult };
  'stripe-webhook:create': { request: WebhookCreateRequest; response: WebhookCreateResult };
  'draft:get': { request: null; response: DraftView | null };
  'draft:save': { request: { form: FlatForm }; response: DraftView | null };
  'draft:discard': { request: null; response: null };
  'draft:resolve': { request: { choices: Record<string, 'saved' | 'draft'> }; response: DraftView | null };
  'connectivity:get': { request: null; response: ConnectivityView };
  'connectivity:check': { request: null; response: ConnectivityView };
  'template:open': { request: null; response: TemplateFile | null };
  'template:check': { request: { source: string }; response: TemplateCheckView };
  'template:fix': { request: { source: string; fileName: string }; response: TemplateFixView };
  'template:preview': { request: { source: string; hasBillingAddress: boolean }; response: { html: string } };
  'template:save': { request: { source: string; suggestedName: string }; response: { savedTo: string } | null };
  'clipboard:write': { request: { text: string }; response: null };
  'customers:get': { request: null; response: CustomersView };
  'customers:load': { request: null; response: CustomersView };
  'customers:cancel': { request: null; response: CustomersView };
  'customers:export': { request: null; response: { savedTo: string } | null };
  'customers:open-dashboard': { request: { customerId: string }; response: null };
}

export type IpcChannel = keyof IpcChannels;
export type IpcRequest<C extends IpcChannel> = IpcChannels[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcChannels[C]['response'];

/** The API the preload script exposes as window.billingDesk: one method per channel. */
export interface BillingDeskApi {
  getSettings(): Promise<IpcResult<SettingsView>>;
  saveBilling(settings: BillingSettings): Promise<IpcResult<SavedResult>>;
  switchBillingMode(to: BillingMode): Promise<IpcResult<SavedResult>>;
  saveProvider(provider: ProviderDetails): Promise<IpcResult<SavedResult>>;
  saveGateway(request: GatewaySaveRequest): Promise<IpcResult<SavedResult>>;
  listFinanceLog(): Promise<IpcResult<FinanceLogEntry[]>>;
  verifyStripeKeys(request: VerifyRequest): Promise<IpcResult<IpcResponse<'stripe:verify'>>>;
  switchStripeMode(request: ModeSwitchRequest): Promise<IpcResult<SavedResult>>;
  createWebhookEndpoint(request: WebhookCreateRequest): Promise<IpcResult<WebhookCreateResult>>;
  getDraft(): Promise<IpcResult<DraftView | null>>;
  saveDraft(form: FlatForm): Promise<IpcResult<DraftView | null>>;
  discardDraft(): Promise<IpcResult<null>>;
  resolveDraftConflicts(choices: Record<string, 'saved' | 'draft'>): Promise<IpcResult<DraftView | null>>;
  getConnectivity(): Promise<IpcResult<ConnectivityView>>;
  checkConnectivity(): Promise<IpcResult<ConnectivityView>>;
  openTemplate(): Promise<IpcResult<TemplateFile | null>>;
  checkTemplate(source: string): Promise<IpcResult<TemplateCheckView>>;
  fixTemplate(source: string, fileName: string): Promise<IpcResult<TemplateFixView>>;
  previewTemplate(source: string, hasBillingAddress: boolean): Promise<IpcResult<{ html: string }>>;
  saveTemplate(source: string, suggestedName: string): Promise<IpcResult<{ savedTo: string } | null>>;
  copyText(text: string): Promise<IpcResult<null>>;
  getCustomers(): Promise<IpcResult<CustomersView>>;
  loadCustomers(): Promise<IpcResult<CustomersView>>;
  cancelCustomerLoad(): Promise<IpcResult<CustomersView>>;
  exportCustomers(): Promise<IpcResult<{ savedTo: string } | null>>;
  openCustomerInDashboard(customerId: string): Promise<IpcResult<null>>;
}

/** Which channel each API method calls; preload builds the API from this table. */
export const CHANNEL_OF = {
  getSettings: 'settings:get',
  saveBilling: 'billing:save',
  switchBillingMode: 'billing-mode:switch',
  saveProvider: 'provider:save',
  saveGateway: 'gateway:save',
  listFinanceLog: 'finance-log:list',
  verifyStripeKeys: 'stripe:verify',
  switchStripeMode: 'stripe-mode:switch',
  createWebhookEndpoint: 'stripe-webhook:create',
  getDraft: 'draft:get',
  saveDraft: 'draft:save',
  discardDraft: 'draft:discard',
  resolveDraftConflicts: 'draft:resolve',
  getConnectivity: 'connectivity:get',
  checkConnectivity: 'connectivity:check',
  openTemplate: 'template:open',
  checkTemplate: 'template:check',
  fixTemplate: 'template:fix',
  previewTemplate: 'template:preview',
  saveTemplate: 'template:save',
  copyText: 'clipboard:write',
  getCustomers: 'customers:get',
  loadCustomers: 'customers:load',
  cancelCustomerLoad: 'customers:cancel',
  exportCustomers: 'customers:export',
  openCustomerInDashboard: 'customers:open-dashboard',
} as const satisfies Record<keyof BillingDeskApi, IpcChannel>;

export const IPC_CHANNELS = Object.values(CHANNEL_OF) as IpcChannel[];

/** The name under which preload exposes the API on window. */
export const BRIDGE_GLOBAL = 'billingDesk';
