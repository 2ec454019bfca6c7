// The Charging & Gateway page's state: main's saved view, and what the user is typing
// in each card. The form state is never thrown away by a failure or a Cancel; it is
// reset from main's view only after a successful save.
import { create } from 'zustand';
import type { BillingMode } from '../../../common/billing-options';
import { GATEWAYS, type GatewayId } from '../../../common/gateways';
import { flattenForm, unflattenForm, type FormState } from '../../../common/draft-form';
import type {
  BillingSettings,
  ConnectivityView,
  DraftView,
  GatewayValues,
  IpcError,
  SettingsView,
  StripeKeySetInput,
  StripeVerification,
} from '../../../common/ipc-contract';
import { STRIPE_MODES, checkStripeKey, type StripeKeyField, type StripeMode } from '../../../common/stripe-keys';
import { bridge } from '../bridge';
import { confirm } from './confirm-store';
import { useFlashStore } from './flash-store';

export const GATEWAY_CHANGE_CONFIRMATIONS = [
  "Changing your payment gateway will make all your buyers' credit card details invalid, so they will have to enter the credit card information again to be billed next month.\n\nAre you sure you want to change your payment gateway?",
  "Are you sure? If you click OK, all credit card details from all your customers will be erased and won't be recoverable. You'll need to ask your customers to enter their credit card details again to be able to bill them.\n\nDo you want to remove all credit card details from your customers?",
] as const;

export function billingModeConfirmation(to: BillingMode): string {
  return `Are you sure you want to switch to ${to} mode?`;
}

type ValuesByGateway = Record<GatewayId, GatewayValues>;

export type VerifyState =
  | { status: 'idle' }
  | { status: 'verifying' }
  | { status: 'verified'; verification: StripeVerification }
  | { status: 'failed'; message: string };

export function liveModeConfirmation(view: SettingsView): string {
  const account = view.stripe.keySets.live.verification?.account;
  const who = account?.name ? ` of ${account.name}${account.accountId ? ` (${account.accountId})` : ''}` : '';
  return `Live mode uses real cards and real money: from now on, every charge goes through the live Stripe account${who} and moves real funds.\n\nAre you sure you want to switch to live mode?`;
}

interface SettingsState {
  view: SettingsView | null;
  loadError: string | null;
  billingForm: BillingSettings | null;
  billingErrors: Record<string, string>;
  /** '' is "Choose one". */
  gatewayType: GatewayId | '';
  /** Typed values per gateway, so switching the select back and forth keeps them. */
  gatewayValues: ValuesByGateway;
  gatewayErrors: Record<string, string>;
  /** The Stripe group's two key sets as typed; secrets empty unless the user typed new ones. */
  stripeKeys: Record<StripeMode, StripeKeySetInput>;
  /** "Spaces were removed" and the like, per key field ("test.login"). */
  stripeKeyNotes: Record<string, string>;
  verify: Record<StripeMode, VerifyState>;
  webhookForm: { adminDomain: string; accessToken: string };
  webhookErrors: Record<string, string>;
  providerForm: { accountId: string; name: string };
  providerErrors: Record<string, string>;
  webhookExisting: { endpointId: string; maskedUrl: string } | null;
  /** Main's draft of this form, when it differs from the saved settings. */
  draft: DraftView | null;
  connectivity: ConnectivityView | null;
  /** The draft banner's dialogs. */
  reviewOpen: boolean;
  conflictsOpen: boolean;
  busy: boolean;
  load: () => Promise<void>;
  editBilling: (patch: Partial<BillingSettings>) => void;
  saveBilling: () => Promise<void>;
  switchBillingMode: () => Promise<void>;
  chooseGateway: (type: GatewayId | '') => void;
  editGatewayField: (key: string, value: string | boolean) => void;
  saveGateway: () => Promise<void>;
  editStripeKey: (mode: StripeMode, field: StripeKeyField, raw: string) => void;
  verifyKeys: (mode: StripeMode) => Promise<void>;
  switchStripeMode: () => Promise<void>;
  editWebhook: (patch: Partial<{ adminDomain: string; accessToken: string }>) => void;
  createWebhook: (onExisting: 'ask' | 'replace' | 'use') => Promise<void>;
  editProvider: (patch: Partial<{ accountId: string; name: string }>) => void;
  saveProvider: () => Promise<void>;
  flushDraft: () => Promise<void>;
  refreshConnectivity: (checkNow?: boolean) => Promise<void>;
  setReviewOpen: (open: boolean) => void;
  applyDraft: () => Promise<void>;
  resolveConflicts: (choices: Record<string, 'saved' | 'draft'>) => Promise<void>;
  discardDraft: () => Promise<void>;
}

/** The form as one value, for drafts. */
export function formStateOf(
  state: Pick<SettingsState, 'billingForm' | 'gatewayType' | 'gatewayValues' | 'stripeKeys' | 'webhookForm' | 'providerForm'>,
): FormState | null {
  if (!state.billingForm) return null;
  return {
    billing: state.billingForm,
    gatewayType: state.gatewayType,
    gatewayValues: state.gatewayValues,
    stripeKeys: state.stripeKeys,
    webhook: state.webhookForm,
    provider: state.providerForm,
  };
}

/** The form restored from a draft: its edits over the saved settings, drafted secrets left in main. */
function formsFromDraft(draft: DraftView) {
  const form = unflattenForm(draft.form);
  return {
    billingForm: form.billing,
    gatewayType: form.gatewayType,
    gatewayValues: form.gatewayValues,
    stripeKeys: form.stripeKeys,
    webhookForm: form.webhook,
    providerForm: form.provider,
  };
}

function stripeKeysFrom(view: SettingsView): Record<StripeMode, StripeKeySetInput> {
  const keys = {} as Record<StripeMode, StripeKeySetInput>;
  for (const mode of STRIPE_MODES) {
    keys[mode] = { login: '', publishable_key: view.stripe.keySets[mode].publishableKey, endpoint_secret: '' };
  }
  return keys;
}

const IDLE_VERIFY: Record<StripeMode, VerifyState> = { test: { status: 'idle' }, live: { status: 'idle' } };

/** Form state that follows a saved view: typed secrets are dropped once main holds them. */
function formsFrom(view: SettingsView) {
  return {
    view,
    gatewayType: view.gateway.type ?? ('' as const),
    gatewayValues: gatewayValuesFrom(view),
    gatewayErrors: {},
    stripeKeys: stripeKeysFrom(view),
    stripeKeyNotes: {},
    webhookForm: { adminDomain: view.stripe.webhook.adminDomain, accessToken: '' },
    providerForm: { ...view.provider },
  };
}

/** Form values from the saved view: secrets always empty, since the renderer never has them. */
function gatewayValuesFrom(view: SettingsView): ValuesByGateway {
  const byGateway = {} as ValuesByGateway;
  for (const gateway of GATEWAYS) {
    const values: GatewayValues = {};
    for (const field of gateway.fields) {
      const saved = view.gateway.type === gateway.id && !field.secret ? view.gateway.values[field.key] : undefined;
      values[field.key] = saved ?? (field.kind === 'checkbox' ? false : '');
    }
    byGateway[gateway.id] = values;
  }
  return byGateway;
}

function reportFailure(error: IpcError): void {
  useFlashStore.getState().show('danger', error.message);
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  view: null,
  loadError: null,
  billingForm: null,
  billingErrors: {},
  gatewayType: '',
  gatewayValues: {} as ValuesByGateway,
  gatewayErrors: {},
  stripeKeys: { test: { login: '', publishable_key: '', endpoint_secret: '' }, live: { login: '', publishable_key: '', endpoint_secret: '' } },
  stripeKeyNotes: {},
  verify: IDLE_VERIFY,
  webhookForm: { adminDomain: '', accessToken: '' },
  webhookErrors: {},
  webhookExisting: null,
  providerForm: { accountId: '', name: '' },
  providerErrors: {},
  draft: null,
  connectivity: null,
  reviewOpen: false,
  conflictsOpen: false,
  busy: false,

  load: async () => {
    const result = await bridge().getSettings();
    if (!result.ok) {
      set({ loadError: result.error.message });
      return;
    }
    const view = result.value;
    set({ ...formsFrom(view), loadError: null, billingForm: { ...view.billing } });
    const draft = await bridge().getDraft();
    if (draft.ok && draft.value) set({ ...formsFromDraft(draft.value), draft: draft.value });
    draftsEnabled = true;
  },

  editBilling: (patch) => {
    const form = get().billingForm;
    if (!form) return;
    const errors = Object.fromEntries(Object.entries(get().billingErrors).filter(([key]) => !(key in patch)));
    set({ billingForm: { ...form, ...patch }, billingErrors: errors });
  },

  saveBilling: async () => {
    const form = get().billingForm;
    if (!form || get().busy) return;
    set({ busy: true });
    await get().flushDraft();
    try {
      const result = await bridge().saveBilling(form);
      if (!result.ok) {
        set({ billingErrors: result.error.fieldErrors ?? {} });
        reportFailure(result.error);
        return;
      }
      const { view, message } = result.value;
      set({ view, billingForm: { ...view.billing }, billingErrors: {} });
      await refreshDraft();
      useFlashStore.getState().show('success', message);
    } finally {
      set({ busy: false });
    }
  },

  switchBillingMode: async () => {
    const view = get().view;
    if (!view || get().busy) return;
    const to: BillingMode = view.billingMode === 'postpaid' ? 'prepaid' : 'postpaid';
    if (!(await confirm(billingModeConfirmation(to)))) return;
    set({ busy: true });
    try {
      const result = await bridge().switchBillingMode(to);
      if (!result.ok) return reportFailure(result.error);
      set({ view: result.value.view });
      useFlashStore.getState().show('success', result.value.message);
    } finally {
      set({ busy: false });
    }
  },

  chooseGateway: (type) => set({ gatewayType: type, gatewayErrors: {} }),

  editGatewayField: (key, value) => {
    const type = get().gatewayType;
    if (!type) return;
    const values = get().gatewayValues;
    const errors = Object.fromEntries(Object.entries(get().gatewayErrors).filter(([field]) => field !== key));
    set({ gatewayValues: { ...values, [type]: { ...values[type], [key]: value } }, gatewayErrors: errors });
  },

  saveGateway: async () => {
    const { view, gatewayType, gatewayValues, busy } = get();
    if (!view || busy) return;
    const type = gatewayType === '' ? null : gatewayType;
    const request = {
      type,
      values: type && type !== 'stripe' ? gatewayValues[type] : {},
      ...(type === 'stripe' ? { stripeKeySets: get().stripeKeys } : {}),
    };
    set({ busy: true });
    await get().flushDraft();
    try {
      // Main checks the fields first and answers "confirmation_required" only for a valid
      // change of gateway, so the two dialogs never ask about a form that would fail.
      let result = await bridge().saveGateway({ ...request, confirmedGatewayChange: false });
      if (!result.ok && result.error.code === 'confirmation_required') {
        for (const text of GATEWAY_CHANGE_CONFIRMATIONS) {
          if (!(await confirm(text))) return;
        }
        result = await bridge().saveGateway({ ...request, confirmedGatewayChange: true });
      }
      if (!result.ok && result.error.code === 'kept_as_draft') {
        await refreshDraft();
        void get().refreshConnectivity();
        useFlashStore.getState().show('warning', result.error.message);
        return;
      }
      if (!result.ok) {
        set({ gatewayErrors: result.error.fieldErrors ?? {} });
        reportFailure(result.error);
        return;
      }
      // Typed secrets leave the renderer's memory once main has sealed them.
      set({ ...formsFrom(result.value.view), verify: IDLE_VERIFY });
      await refreshDraft();
      useFlashStore.getState().show('success', result.value.message);
    } finally {
      set({ busy: false });
    }
  },

  editStripeKey: (mode, field, raw) => {
    const key = `${mode}.${field}`;
    // Spaces and line breaks around a pasted key are removed at once, and the user told.
    const check = checkStripeKey(field, raw, mode);
    const notes = Object.fromEntries(Object.entries(get().stripeKeyNotes).filter(([k]) => k !== key));
    if (check.note) notes[key] = check.note;
    const errors = Object.fromEntries(Object.entries(get().gatewayErrors).filter(([k]) => k !== key));
    const keys = get().stripeKeys;
    set({
      stripeKeys: { ...keys, [mode]: { ...keys[mode], [field]: check.value } },
      stripeKeyNotes: notes,
      gatewayErrors: errors,
      verify: { ...get().verify, [mode]: { status: 'idle' } },
    });
  },

  verifyKeys: async (mode) => {
    set({ verify: { ...get().verify, [mode]: { status: 'verifying' } } });
    const result = await bridge().verifyStripeKeys({ mode, keys: get().stripeKeys[mode] });
    if (!result.ok) {
      set({
        verify: { ...get().verify, [mode]: { status: 'failed', message: result.error.message } },
        gatewayErrors: { ...get().gatewayErrors, ...(result.error.fieldErrors ?? {}) },
      });
      return;
    }
    set({ view: result.value.view, verify: { ...get().verify, [mode]: { status: 'verified', verification: result.value.verification } } });
  },

  switchStripeMode: async () => {
    const view = get().view;
    if (!view || get().busy) return;
    const to: StripeMode = view.stripe.activeMode === 'test' ? 'live' : 'test';
    set({ busy: true });
    try {
      let result = await bridge().switchStripeMode({ to, confirmed: false });
      if (!result.ok && result.error.code === 'confirmation_required') {
        if (!(await confirm(liveModeConfirmation(view), { title: 'Switch to live mode?', danger: true }))) return;
        result = await bridge().switchStripeMode({ to, confirmed: true });
      }
      if (!result.ok) return reportFailure(result.error);
      set({ view: result.value.view });
      useFlashStore.getState().show(to === 'live' ? 'warning' : 'success', result.value.message);
    } finally {
      set({ busy: false });
    }
  },

  editWebhook: (patch) => {
    const errors = Object.fromEntries(Object.entries(get().webhookErrors).filter(([k]) => !(k in patch)));
    set({ webhookForm: { ...get().webhookForm, ...patch }, webhookErrors: errors, webhookExisting: null });
  },

  createWebhook: async (onExisting) => {
    if (get().busy) return;
    set({ busy: true });
    try {
      const result = await bridge().createWebhookEndpoint({ ...get().webhookForm, onExisting });
      if (!result.ok) {
        set({ webhookErrors: result.error.fieldErrors ?? {} });
        return reportFailure(result.error);
      }
      const outcome = result.value;
      if (outcome.status === 'exists') {
        set({ webhookExisting: { endpointId: outcome.endpointId, maskedUrl: outcome.maskedUrl } });
        return;
      }
      const view = outcome.view;
      set({ view, webhookExisting: null, webhookErrors: {}, webhookForm: { adminDomain: view.stripe.webhook.adminDomain, accessToken: '' } });
      await refreshDraft();
      useFlashStore.getState().show('success', outcome.message);
    } finally {
      set({ busy: false });
    }
  },

  editProvider: (patch) => {
    const errors = Object.fromEntries(Object.entries(get().providerErrors).filter(([k]) => !(k in patch)));
    set({ providerForm: { ...get().providerForm, ...patch }, providerErrors: errors });
  },

  saveProvider: async () => {
    if (get().busy) return;
    set({ busy: true });
    await get().flushDraft();
    try {
      const result = await bridge().saveProvider(get().providerForm);
      if (!result.ok) {
        set({ providerErrors: result.error.fieldErrors ?? {} });
        return reportFailure(result.error);
      }
      const view = result.value.view;
      set({ view, providerForm: { ...view.provider }, providerErrors: {} });
      await refreshDraft();
      useFlashStore.getState().show('success', result.value.message);
    } finally {
      set({ busy: false });
    }
  },

  flushDraft: async () => {
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = null;
    await saveDraftNow();
  },

  refreshConnectivity: async (checkNow = false) => {
    const result = checkNow ? await bridge().checkConnectivity() : await bridge().getConnectivity();
    if (result.ok) set({ connectivity: result.value });
  },

  setReviewOpen: (open) => set({ reviewOpen: open }),

  applyDraft: async () => {
    const { draft, view } = get();
    if (!draft || !view) return;
    if (draft.conflicts.length > 0) {
      set({ conflictsOpen: true });
      return;
    }
    // The same paths as the cards' Save buttons: checks, verification, the dialogs.
    const paths = draft.differences.map((d) => d.path);
    if (paths.some((p) => p.startsWith('billing.'))) await get().saveBilling();
    if (paths.some((p) => p.startsWith('provider.'))) await get().saveProvider();
    if (paths.some((p) => p.startsWith('gateway.') || p.startsWith('stripe.'))) await get().saveGateway();
  },

  resolveConflicts: async (choices) => {
    set({ conflictsOpen: false });
    const result = await bridge().resolveDraftConflicts(choices);
    if (!result.ok) return reportFailure(result.error);
    set({ draft: result.value, ...(result.value ? formsFromDraft(result.value) : {}) });
    if (result.value) await get().applyDraft();
  },

  discardDraft: async () => {
    if (!(await confirm('Discard your unsaved changes? The saved settings stay as they are.', { title: 'Discard changes?' }))) return;
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = null;
    const result = await bridge().discardDraft();
    if (!result.ok) return reportFailure(result.error);
    const view = get().view;
    if (view) set({ ...formsFrom(view), billingForm: { ...view.billing }, billingErrors: {}, draft: null, verify: IDLE_VERIFY });
    useFlashStore.getState().show('info', 'Your unsaved changes were discarded; the saved settings are shown.');
  },
}));

// Drafts: every edit reaches main within a second (debounced), so that quitting, a crash
// or a power cut loses at most that second of typing.
const DRAFT_DELAY_MS = 400;
let draftTimer: ReturnType<typeof setTimeout> | null = null;
let draftsEnabled = false;

async function saveDraftNow(): Promise<void> {
  const form = formStateOf(useSettingsStore.getState());
  if (!form || !draftsEnabled) return;
  const result = await bridge().saveDraft(flattenForm(form));
  if (result.ok) useSettingsStore.setState({ draft: result.value });
  // Say so when the draft cannot be kept (e.g. no way to encrypt a typed secret).
  else useFlashStore.getState().show('warning', `Your latest edits could not be kept as a draft: ${result.error.message}`);
}

async function refreshDraft(): Promise<void> {
  const result = await bridge().getDraft();
  if (result.ok) useSettingsStore.setState({ draft: result.value });
}

useSettingsStore.subscribe((state, previous) => {
  const changed =
    state.billingForm !== previous.billingForm ||
    state.gatewayType !== previous.gatewayType ||
    state.gatewayValues !== previous.gatewayValues ||
    state.stripeKeys !== previous.stripeKeys ||
    state.webhookForm !== previous.webhookForm ||
    state.providerForm !== previous.providerForm;
  if (!changed || !draftsEnabled) return;
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = setTimeout(() => {
    draftTimer = null;
    void saveDraftNow();
  }, DRAFT_DELAY_MS);
});
