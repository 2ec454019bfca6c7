// The shape of the settings page's store (its data and actions), apart from the store
// itself so that the modules its actions are built from can name it.
import type { BillingSettings, ConnectivityView, DraftView, SettingsView } from '../../../../common/ipc-contract';
import type { GatewayId } from '../../../../common/gateways';
import type { StripeKeyField, StripeMode } from '../../../../common/stripe-keys';
import type { DraftFlush } from './draft-sync';
import type { FieldErrors, FormState, VerifyState } from './form';

type WebhookForm = FormState['webhook'];
type ProviderForm = FormState['provider'];

export interface SettingsState {
  view: SettingsView | null;
  loadError: string | null;
  /** The whole page's form as typed; null until the saved settings are loaded. Secrets hold only new typing. */
  form: FormState | null;
  /** Field path ('billing.currency', 'stripe.test.login'…) → the message shown next to that field. */
  errors: FieldErrors;
  /** "Spaces were removed" and the like, per Stripe key path ('stripe.test.login'). */
  keyNotes: Record<string, string>;
  verify: Record<StripeMode, VerifyState>;
  webhookExisting: { endpointId: string; maskedUrl: string } | null;
  /** Main's draft of this form, when it differs from the saved settings. */
  draft: DraftView | null;
  connectivity: ConnectivityView | null;
  /** The draft banner's dialogs. */
  reviewOpen: boolean;
  conflictsOpen: boolean;
  /** A save flow runs: the page's Save buttons wait. */
  busy: boolean;
  load: () => Promise<void>;
  editBilling: (patch: Partial<BillingSettings>) => void;
  chooseGateway: (type: GatewayId | '') => void;
  editGatewayField: (key: string, value: string | boolean) => void;
  editStripeKey: (mode: StripeMode, field: StripeKeyField, raw: string) => void;
  editWebhook: (patch: Partial<WebhookForm>) => void;
  editProvider: (patch: Partial<ProviderForm>) => void;
  /** The save flows; each answers whether it completed. */
  saveBilling: () => Promise<boolean>;
  switchBillingMode: () => Promise<boolean>;
  saveGateway: () => Promise<boolean>;
  verifyKeys: (mode: StripeMode) => Promise<boolean>;
  switchStripeMode: () => Promise<boolean>;
  createWebhook: (onExisting: 'ask' | 'replace' | 'use') => Promise<boolean>;
  saveProvider: () => Promise<boolean>;
  applyDraft: () => Promise<boolean>;
  resolveConflicts: (choices: Record<string, 'saved' | 'draft'>) => Promise<boolean>;
  discardDraft: () => Promise<boolean>;
  /** Sends the latest typing to main as a draft now. */
  flushDraft: () => Promise<DraftFlush>;
  refreshConnectivity: (checkNow?: boolean) => Promise<void>;
  setReviewOpen: (open: boolean) => void;
  setConflictsOpen: (open: boolean) => void;
}
