// "Retry failed charges": the plan (what will be charged, what is left out and why), the
// confirmation (count and totals; in live mode the user types the count), and the run main
// carries out, followed through `invoices:run-progress`. A run main found interrupted at
// start is offered for resume. Errors stay next to the step that failed; the typed count
// and the plan survive them.
import { create } from 'zustand';
import type { RetryPlanView, RunView } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { confirm } from './confirm-store';
import { useInvoicesStore } from './invoices-store';

export type RetryStep = 'closed' | 'planning' | 'plan' | 'confirm';

interface RetryRunState {
  step: RetryStep;
  /** The invoices the plan was asked for (null: every failed/unpaid invoice of the filter). */
  planFor: number[] | null;
  plan: RetryPlanView | null;
  planError: string | null;
  /** What the user typed to confirm a live run. */
  confirmText: string;
  starting: boolean;
  startError: string | null;
  /** The run shown on the screen: the current one, an interrupted one, or the one just ended. */
  run: RunView | null;
  runBusy: boolean;
  runError: string | null;
  exportedTo: string | null;

  open: () => Promise<void>;
  planRetry: (invoiceIds: number[] | null) => Promise<void>;
  closePlan: () => void;
  toConfirm: () => void;
  backToPlan: () => void;
  setConfirmText: (text: string) => void;
  /** True when the count the user must type (live mode) is right, or none is needed. */
  confirmReady: () => boolean;
  start: () => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  cancel: () => Promise<void>;
  exportCsv: () => Promise<void>;
  dismissRun: () => void;
}

/** Statuses in which a run is worth showing at page open. */
const SHOWN_AT_OPEN: RunView['status'][] = ['running', 'paused', 'interrupted'];

let following = false;

export const useRetryRunStore = create<RetryRunState>((set, get) => {
  /** One of the run's controls: its answer is the run as main has it now. */
  const control = async (call: () => Promise<{ ok: true; value: RunView } | { ok: false; error: { message: string } }>) => {
    if (get().runBusy) return;
    set({ runBusy: true, runError: null });
    const result = await call();
    if (!result.ok) return set({ runBusy: false, runError: result.error.message });
    set({ runBusy: false, run: result.value });
    if (result.value.status === 'done' || result.value.status === 'cancelled') void useInvoicesStore.getState().load(true);
  };

  return {
    step: 'closed',
    planFor: null,
    plan: null,
    planError: null,
    confirmText: '',
    starting: false,
    startError: null,
    run: null,
    runBusy: false,
    runError: null,
    exportedTo: null,

    open: async () => {
      if (!following) {
        following = true;
        bridge().on('invoices:run-progress', (run) => onRunProgress(run));
      }
      const result = await bridge().getRetryRun();
      if (!result.ok) return set({ runError: result.error.message });
      const run = result.value;
      if (run && SHOWN_AT_OPEN.includes(run.status)) set({ run, runError: null });
    },

    planRetry: async (invoiceIds) => {
      set({ step: 'planning', planFor: invoiceIds, plan: null, planError: null, confirmText: '', startError: null });
      const result = await bridge().planRetry(invoiceIds);
      if (get().step !== 'planning') return; // closed meanwhile
      if (!result.ok) return set({ step: 'plan', planError: result.error.message });
      set({ step: 'plan', plan: result.value });
    },

    closePlan: () => {
      if (get().starting) return;
      set({ step: 'closed', plan: null, planError: null, confirmText: '', startError: null });
    },
    toConfirm: () => {
      const plan = get().plan;
      if (plan && plan.include.length > 0) set({ step: 'confirm', startError: null });
    },
    backToPlan: () => {
      if (!get().starting) set({ step: 'plan', startError: null });
    },
    setConfirmText: (confirmText) => set({ confirmText }),

    confirmReady: () => {
      const { plan, confirmText } = get();
      if (!plan || plan.include.length === 0) return false;
      return plan.mode !== 'live' || confirmText.trim() === String(plan.include.length);
    },

    start: async () => {
      const { plan, starting, confirmText } = get();
      if (!plan || starting || !get().confirmReady()) return;
      set({ starting: true, startError: null });
      const result = await bridge().startRetryRun({ planId: plan.planId, confirmCount: plan.mode === 'live' ? Number(confirmText.trim()) : null });
      if (!result.ok) return set({ starting: false, startError: result.error.message });
      set({ starting: false, step: 'closed', plan: null, confirmText: '', run: result.value, runError: null, exportedTo: null });
      useInvoicesStore.getState().setSelection([]);
    },

    pause: () => control(() => bridge().pauseRetryRun()),
    resume: () => control(() => bridge().resumeRetryRun()),
    cancel: async () => {
      const run = get().run;
      if (!run) return;
      const left = run.counts.pending;
      const sure = await confirm(
        `${left} ${left === 1 ? 'invoice is' : 'invoices are'} not charged yet and will stay as they are in 3scale. Charges already made are kept.\n\nCancel the run?`,
        { title: 'Cancel the retry run?' },
      );
      if (sure) await control(() => bridge().cancelRetryRun());
    },

    exportCsv: async () => {
      set({ runError: null });
      const result = await bridge().exportRetryRun();
      if (!result.ok) return set({ runError: result.error.message });
      if (result.value) set({ exportedTo: result.value.savedTo });
    },

    dismissRun: () => {
      const run = get().run;
      if (run && (run.status === 'running' || run.status === 'paused')) return;
      set({ run: null, runError: null, exportedTo: null });
    },
  };
});

/**
 * Main's progress of the run replaces the shown one. When it ends, the month is read again
 * from 3scale and Stripe: the table then shows what the run changed.
 */
function onRunProgress(run: RunView): void {
  const previous = useRetryRunStore.getState().run;
  useRetryRunStore.setState({ run });
  const ended = run.status === 'done' || run.status === 'cancelled';
  if (ended && previous?.status !== run.status) void useInvoicesStore.getState().load(true);
}
