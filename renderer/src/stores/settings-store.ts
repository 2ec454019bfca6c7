// The Charging & Gateway page's state: main's saved view, and what the user is typing
// in each card. The form state is never thrown away by a failure or a Cancel; it is
// reset from main's view only after a successful save.
import { create } from 'zustand';
import type { BillingMode } from '../../../common/billing-options';
import { GATEWAYS, type GatewayId } from '../../../common/gateways';
import type { BillingSettings, GatewayValues, IpcError, SettingsView } from '../../../common/ipc-contract';
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
  busy: boolean;
  load: () => Promise<void>;
  editBilling: (patch: Partial<BillingSettings>) => void;
  saveBilling: () => Promise<void>;
  switchBillingMode: () => Promise<void>;
  chooseGateway: (type: GatewayId | '') => void;
  editGatewayField: (key: string, value: string | boolean) => void;
  saveGateway: () => Promise<void>;
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
  busy: false,

  load: async () => {
    const result = await bridge().getSettings();
    if (!result.ok) {
      set({ loadError: result.error.message });
      return;
    }
    const view = result.value;
    set({
      view,
      loadError: null,
      billingForm: { ...view.billing },
      gatewayType: view.gateway.type ?? '',
      gatewayValues: gatewayValuesFrom(view),
    });
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
    const request = { type, values: type ? gatewayValues[type] : {} };
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
      const saved = result.value.view;
      // Typed secrets leave the renderer's memory once main has sealed them.
      set({ view: saved, gatewayType: saved.gateway.type ?? '', gatewayValues: gatewayValuesFrom(saved), gatewayErrors: {} });
      useFlashStore.getState().show('success', result.value.message);
    } finally {
      set({ busy: false });
    }
  },
}));
