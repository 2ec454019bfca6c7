// The Charging & Gateway page's state: main's saved view, and what the user is typing
// in each card. The form state is never thrown away by a failure or a Cancel; it is
// reset from main's view only after a successful save.
import { create } from 'zustand';
import type { BillingMode } from '../../../common/billing-options';
import { GATEWAYS, type GatewayId } from '../../../common/gateways';
import type {
  BillingSettings,
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
  webhookExisting: { endpointId: string; maskedUrl: string } | null;
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
  busy: false,

  load: async () => {
    const result = await bridge().getSettings();
    if (!result.ok) {
      set({ loadError: result.error.message });
      return;
    }
    const view = result.value;
    set({ ...formsFrom(view), loadError: null, billingForm: { ...view.billing } });
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
    try {
      const result = await bridge().saveBilling(form);
      if (!result.ok) {
        set({ billingErrors: result.error.fieldErrors ?? {} });
        reportFailure(result.error);
        return;
      }
      const { view, message } = result.value;
      set({ view, billingForm: { ...view.billing }, billingErrors: {} });
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
      if (!result.ok) {
        set({ gatewayErrors: result.error.fieldErrors ?? {} });
        reportFailure(result.error);
        return;
      }
      // Typed secrets leave the renderer's memory once main has sealed them.
      set({ ...formsFrom(result.value.view), verify: IDLE_VERIFY });
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
      useFlashStore.getState().show('success', outcome.message);
    } finally {
      set({ busy: false });
    }
  },
}));
