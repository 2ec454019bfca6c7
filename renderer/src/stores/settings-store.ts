// The Charging & Gateway page's state: main's saved view, what the user is typing (one
// form for all cards) and the errors next to its fields (one map by field path). The
// form is never thrown away by a failure or a Cancel; a card's part of it is reset from
// main's view only after that card saved. Every save goes through the one save runner.
import { create } from 'zustand';
import type { ConnectivityView } from '../../../common/ipc-contract';
import { unflattenForm } from '../../../common/draft-form';
import { checkStripeKey, type StripeMode } from '../../../common/stripe-keys';
import { bridge } from '../bridge';
import { confirm } from './confirm-store';
import { createCardFlows, flash } from './settings/card-flows';
import { DISCARD_DRAFT_CONFIRMATION, billingModeConfirmation, liveModeConfirmation } from './settings/confirmations';
import { createDraftSync } from './settings/draft-sync';
import { IDLE_VERIFY, belongsTo, errorsWithout, formOf, pathErrors, type FormState, type VerifyState } from './settings/form';
import { UNEXPECTED_FAILURE, createSaveRunner, type SaveRunner } from './settings/save-runner';
import type { SettingsState } from './settings/state';

export { GATEWAY_CHANGE_CONFIRMATIONS, billingModeConfirmation, liveModeConfirmation } from './settings/confirmations';
export type { FieldErrors, FormState, VerifyState } from './settings/form';
export type { SettingsState } from './settings/state';

export const useSettingsStore = create<SettingsState>((set, get) => {
  /** Changes the form and drops the errors of the fields edited. */
  const editForm = (change: (form: FormState) => Partial<FormState>, edited: (path: string) => boolean, also: Partial<SettingsState> = {}) => {
    const form = get().form;
    if (!form) return;
    set({ form: { ...form, ...change(form) }, errors: errorsWithout(get().errors, edited), ...also });
  };
  const patched = (card: 'billing' | 'webhook' | 'provider', patch: object) => (path: string) =>
    Object.keys(patch).some((key) => path === `${card}.${key}`);

  return {
    view: null,
    loadError: null,
    form: null,
    errors: {},
    keyNotes: {},
    verify: IDLE_VERIFY,
    webhookExisting: null,
    draft: null,
    connectivity: null,
    reviewOpen: false,
    conflictsOpen: false,
    busy: false,

    // One request at start for everything the first page draws (settings, draft,
    // connectivity); later calls answer the same load unless it failed.
    load: () => {
      loading ??= loadFirstPage().then(() => {
        if (get().loadError) loading = null;
      });
      return loading;
    },

    editBilling: (patch) =>
      editForm((form) => ({ billing: { ...form.billing, ...patch } }), patched('billing', patch)),

    chooseGateway: (type) => editForm(() => ({ gatewayType: type }), (path) => belongsTo('gateway', path)),

    editGatewayField: (key, value) => {
      const type = get().form?.gatewayType;
      if (!type) return;
      editForm(
        (form) => ({ gatewayValues: { ...form.gatewayValues, [type]: { ...form.gatewayValues[type], [key]: value } } }),
        (path) => path === `gateway.${type}.${key}`,
      );
    },

    editStripeKey: (mode, field, raw) => {
      const path = `stripe.${mode}.${field}`;
      // Spaces and line breaks around a pasted key are removed at once, and the user told.
      const check = checkStripeKey(field, raw, mode);
      const keyNotes = errorsWithout(get().keyNotes, (p) => p === path);
      editForm(
        (form) => ({ stripeKeys: { ...form.stripeKeys, [mode]: { ...form.stripeKeys[mode], [field]: check.value } } }),
        (p) => p === path,
        { keyNotes: check.note ? { ...keyNotes, [path]: check.note } : keyNotes, verify: { ...get().verify, [mode]: { status: 'idle' } } },
      );
    },

    editWebhook: (patch) =>
      editForm((form) => ({ webhook: { ...form.webhook, ...patch } }), patched('webhook', patch), {
        webhookExisting: null,
      }),

    editProvider: (patch) =>
      editForm((form) => ({ provider: { ...form.provider, ...patch } }), patched('provider', patch)),

    saveBilling: () => runner.run((step) => step(cards.billing())),

    saveProvider: () => runner.run((step) => step(cards.provider())),

    saveGateway: () => runner.run((step) => step(cards.gateway())),

    switchBillingMode: () =>
      runner.run(async (step) => {
        const view = get().view;
        if (!view) return false;
        const to = view.billingMode === 'postpaid' ? 'prepaid' : 'postpaid';
        return step({
          askFirst: () => confirm(billingModeConfirmation(to)),
          send: () => bridge().switchBillingMode(to),
          succeeded: ({ view: saved, message }) => {
            set({ view: saved });
            flash('success', message);
          },
        });
      }),

    switchStripeMode: () =>
      runner.run(async (step) => {
        const view = get().view;
        if (!view) return false;
        const to: StripeMode = view.stripe.activeMode === 'test' ? 'live' : 'test';
        return step({
          send: (confirmed) => bridge().switchStripeMode({ to, confirmed }),
          confirmChange: () => confirm(liveModeConfirmation(view), { title: 'Switch to live mode?', danger: true }),
          succeeded: ({ view: saved, message }) => {
            set({ view: saved });
            flash(to === 'live' ? 'warning' : 'success', message);
          },
        });
      }),

    // Verify shows its own progress next to its key set, so it leaves the page's buttons alone.
    verifyKeys: (mode) =>
      runner.run(
        async (step) => {
          const form = get().form;
          if (!form) return false;
          const setVerify = (state: VerifyState) => set({ verify: { ...get().verify, [mode]: state } });
          setVerify({ status: 'verifying' });
          return step({
            send: () => bridge().verifyStripeKeys({ mode, keys: form.stripeKeys[mode] }),
            succeeded: ({ view, verification }) => {
              set({ view });
              setVerify({ status: 'verified', verification });
            },
            failed: (error) => {
              setVerify({ status: 'failed', message: error.message });
              set({ errors: { ...get().errors, ...pathErrors('gateway', error.fieldErrors, form.gatewayType) } });
            },
          });
        },
        { blocksPage: false },
      ),

    createWebhook: (onExisting) =>
      runner.run(async (step) => {
        const form = get().form;
        if (!form) return false;
        return step({
          send: () => bridge().createWebhookEndpoint({ ...form.webhook, onExisting }),
          succeeded: async (outcome) => {
            if (outcome.status === 'exists') {
              set({ webhookExisting: { endpointId: outcome.endpointId, maskedUrl: outcome.maskedUrl } });
              return;
            }
            await cards.savedCard('webhook', outcome.view, outcome.message, { webhookExisting: null });
          },
          failed: cards.failedOn('webhook'),
        });
      }),

    applyDraft: async () => {
      const { draft, view } = get();
      if (!draft || !view) return false;
      if (draft.conflicts.length > 0) {
        set({ conflictsOpen: true });
        return false;
      }
      return runner.run((step) => cards.applyDraft(step, draft));
    },

    resolveConflicts: (choices) => {
      set({ conflictsOpen: false });
      return runner.run(async (step) => {
        const kept = await step({
          send: () => bridge().resolveDraftConflicts(choices),
          succeeded: (draft) => set({ draft, ...(draft ? { form: unflattenForm(draft.form) } : {}) }),
        });
        const resolved = get().draft;
        if (!kept || !resolved) return kept;
        if (resolved.conflicts.length > 0) {
          set({ conflictsOpen: true });
          return false;
        }
        return cards.applyDraft(step, resolved);
      });
    },

    discardDraft: () =>
      runner.run((step) =>
        step({
          askFirst: () => confirm(DISCARD_DRAFT_CONFIRMATION, { title: 'Discard changes?' }),
          send: () => {
            drafts.cancel();
            return bridge().discardDraft();
          },
          succeeded: () => {
            const view = get().view;
            if (view) set({ form: formOf(view), errors: {}, keyNotes: {}, draft: null, verify: IDLE_VERIFY });
            flash('info', 'Your unsaved changes were discarded; the saved settings are shown.');
          },
        }),
      ),

    flushDraft: () => drafts.flush(),

    refreshConnectivity: async (checkNow = false) => {
      const result = checkNow ? await bridge().checkConnectivity() : await bridge().getConnectivity();
      if (result.ok) set({ connectivity: newerConnectivity(get().connectivity, result.value) });
    },

    setReviewOpen: (open) => set({ reviewOpen: open }),
    setConflictsOpen: (open) => set({ conflictsOpen: open }),
  };
});

let loading: Promise<void> | null = null;
let connectivityEvents: (() => void) | null = null;

async function loadFirstPage(): Promise<void> {
  const { setState, getState } = useSettingsStore;
  try {
    // Listening first: a change pushed while the first page is read is not missed.
    connectivityEvents ??= bridge().on('connectivity:changed', (view) =>
      setState({ connectivity: newerConnectivity(getState().connectivity, view) }),
    );
    const result = await bridge().getFirstPage();
    if (!result.ok) {
      setState({ loadError: result.error.message });
      return;
    }
    const { settings: view, draft, connectivity } = result.value;
    setState({
      view,
      form: draft ? unflattenForm(draft.form) : formOf(view),
      draft,
      connectivity: newerConnectivity(getState().connectivity, connectivity),
      loadError: null,
    });
    drafts.enable();
  } catch (error) {
    console.error('Loading the settings failed', error);
    setState({ loadError: UNEXPECTED_FAILURE });
  }
}

/** Of what main said about Stripe's reachability, the later (events and answers may cross). */
export function newerConnectivity(current: ConnectivityView | null, incoming: ConnectivityView): ConnectivityView {
  if (!current || current.checkedAt === null) return incoming;
  if (incoming.checkedAt === null) return current;
  return Date.parse(incoming.checkedAt) >= Date.parse(current.checkedAt) ? incoming : current;
}

const drafts = createDraftSync({
  api: bridge,
  form: () => useSettingsStore.getState().form,
  keep: (draft) => useSettingsStore.setState({ draft }),
  warn: (message) => flash('warning', message),
});

const cards = createCardFlows(useSettingsStore, drafts);

const runner = createSaveRunner({
  isBusy: () => useSettingsStore.getState().busy,
  setBusy: (busy) => useSettingsStore.setState({ busy }),
  keepDraft: () => drafts.flush(),
  failed: (error) => flash('danger', error.message),
});

useSettingsStore.subscribe((state, previous) => {
  if (state.form !== previous.form) drafts.schedule();
});

/**
 * For flows that other stores run on this same form (the 3scale connection's Verify,
 * whose fields are `webhook.*`): the page's one save runner, and how a card's save ends.
 */
export const settingsSaves: {
  run: SaveRunner['run'];
  savedCard: ReturnType<typeof createCardFlows>['savedCard'];
} = {
  run: (job, options) => runner.run(job, options),
  savedCard: (card, view, message, also) => cards.savedCard(card, view, message, also),
};
