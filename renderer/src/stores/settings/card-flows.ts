// The save flows of the page's forms (billing settings, provider, gateway with its
// confirmation round trip) and how a card's save ends: on success main's view, that
// card's form as saved and the draft rebased; on failure its field errors next to its
// fields. The store runs them through the save runner; the draft's Apply chains them.
import type { StoreApi } from 'zustand';
import type { DraftView, GatewaySaveRequest, IpcError, SavedResult, SettingsView } from '../../../../common/ipc-contract';
import type { GatewayId } from '../../../../common/gateways';
import { bridge } from '../../bridge';
import { confirm } from '../confirm-store';
import { useFlashStore } from '../flash-store';
import type { SettingsState } from './state';
import { GATEWAY_CHANGE_CONFIRMATIONS } from './confirmations';
import type { DraftSync } from './draft-sync';
import { IDLE_VERIFY, belongsTo, errorsWithout, pathErrors, savedForm, type FormCard } from './form';
import type { SaveFlow, Step } from './save-runner';

export const flash = (variant: 'success' | 'danger' | 'warning' | 'info', message: string) => useFlashStore.getState().show(variant, message);

export function createCardFlows(store: Pick<StoreApi<SettingsState>, 'getState' | 'setState'>, drafts: Pick<DraftSync, 'refresh'>) {
  const get = store.getState;
  const set = store.setState;

  /** A card's failure: its field errors replace its old ones, the message is flashed. */
  const failedOn =
    (card: FormCard, gatewayType: GatewayId | '' = '') =>
    async (error: IpcError) => {
      if (error.code === 'kept_as_draft') {
        await drafts.refresh();
        void get().refreshConnectivity();
        flash('warning', error.message);
        return;
      }
      const kept = errorsWithout(get().errors, (path) => belongsTo(card, path));
      set({ errors: { ...kept, ...pathErrors(card, error.fieldErrors, gatewayType) } });
      flash('danger', error.message);
    };

  /** After a card saved: main's view, that card's form as saved, its errors gone, the draft rebased. */
  const savedCard = async (card: FormCard, view: SettingsView, message: string, also: Partial<SettingsState> = {}) => {
    const form = get().form;
    set({
      view,
      ...(form ? { form: { ...form, ...savedForm[card](view) } } : {}),
      errors: errorsWithout(get().errors, (path) => belongsTo(card, path)),
      ...also,
    });
    await drafts.refresh();
    flash('success', message);
  };

  const billing = (): SaveFlow<SavedResult> => ({
    keepDraftFirst: true,
    // Read when sent, after the draft is kept, so the very latest typing is saved.
    send: () => bridge().saveBilling(get().form?.billing ?? (get().view as SettingsView).billing),
    succeeded: ({ view, message }) => savedCard('billing', view, message),
    failed: failedOn('billing'),
  });

  const provider = (): SaveFlow<SavedResult> => ({
    keepDraftFirst: true,
    send: () => bridge().saveProvider(get().form?.provider ?? (get().view as SettingsView).provider),
    succeeded: ({ view, message }) => savedCard('provider', view, message),
    failed: failedOn('provider'),
  });

  const gatewayRequest = (): GatewaySaveRequest => {
    const form = get().form;
    const type = form?.gatewayType || null;
    return {
      type,
      values: form && type && type !== 'stripe' ? form.gatewayValues[type] : {},
      ...(form && type === 'stripe' ? { stripeKeySets: form.stripeKeys } : {}),
      confirmedGatewayChange: false,
    };
  };

  const gateway = (): SaveFlow<SavedResult> => {
    let request: GatewaySaveRequest | null = null;
    return {
      keepDraftFirst: true,
      // Main checks the fields first and answers "confirmation_required" only for a valid
      // change of gateway, so the two dialogs never ask about a form that would fail; the
      // confirmed resend is the very request the dialogs were about.
      send: (confirmed) => {
        request ??= gatewayRequest();
        return bridge().saveGateway({ ...request, confirmedGatewayChange: confirmed });
      },
      confirmChange: async () => {
        for (const text of GATEWAY_CHANGE_CONFIRMATIONS) {
          if (!(await confirm(text))) return false;
        }
        return true;
      },
      // Typed secrets leave the renderer's memory once main has sealed them.
      succeeded: ({ view, message }) => savedCard('gateway', view, message, { keyNotes: {}, verify: IDLE_VERIFY }),
      failed: (error) => failedOn('gateway', request?.type ?? '')(error),
    };
  };

  /** The draft's differences saved card by card, through the cards' own flows (checks, verification, dialogs). */
  const applyDraft = async (step: Step, draft: DraftView): Promise<boolean> => {
    const paths = draft.differences.map((d) => d.path);
    if (paths.some((p) => p.startsWith('billing.')) && !(await step(billing()))) return false;
    if (paths.some((p) => p.startsWith('provider.')) && !(await step(provider()))) return false;
    if (paths.some((p) => p.startsWith('gateway.') || p.startsWith('stripe.')) && !(await step(gateway()))) return false;
    return true;
  };

  return { billing, provider, gateway, applyDraft, failedOn, savedCard };
}
