// The Month-end screen: main's view of the loaded month, the month picked, and the actions
// (load, cancel, close the month, export CSV / PDF).
import { create } from 'zustand';
import type { MonthEndLoadState, MonthEndView } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { useFlashStore } from './flash-store';

interface MonthEndState {
  view: MonthEndView | null;
  /** "YYYY-MM" picked; by default last month (the one to close). */
  month: string;
  /** The PDF is being printed: the page shows its print layout meanwhile. */
  printing: boolean;
  refresh: () => Promise<void>;
  setMonth: (month: string) => void;
  load: () => Promise<void>;
  cancel: () => Promise<void>;
  closeMonth: () => Promise<void>;
  exportCsv: () => Promise<void>;
  exportPdf: () => Promise<void>;
}

export function lastMonth(now = new Date()): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return date.toISOString().slice(0, 7);
}

const flash = () => useFlashStore.getState();
let following = false;

export const useMonthEndStore = create<MonthEndState>((set, get) => ({
  view: null,
  month: lastMonth(),
  printing: false,

  refresh: async () => {
    if (!following) {
      following = true;
      bridge().on('month-end:load-progress', (state) => onLoadProgress(state));
    }
    const result = await bridge().getMonthEnd();
    if (!result.ok) return flash().show('danger', result.error.message);
    const report = result.value.report;
    set({ view: result.value, ...(report ? { month: report.month } : {}) });
  },

  setMonth: (month) => set({ month }),

  load: async () => {
    const result = await bridge().loadMonthEnd(get().month);
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ view: result.value });
    await get().refresh();
  },

  cancel: async () => {
    const result = await bridge().cancelMonthEnd();
    if (result.ok) set({ view: result.value });
  },

  closeMonth: async () => {
    const result = await bridge().closeMonth();
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ view: result.value });
    flash().show('success', `${result.value.report?.month ?? 'The month'} was closed: its figures are kept, and opening it later shows what changed.`);
  },

  exportCsv: async () => {
    const result = await bridge().exportMonthEndCsv();
    if (!result.ok) return flash().show('danger', result.error.message);
    if (result.value) flash().show('success', `The month's invoices were exported to ${result.value.savedTo}.`);
  },

  exportPdf: async () => {
    flash().clear();
    set({ printing: true });
    try {
      // Two frames: the print layout (every list in full) is on the page before main prints it.
      for (let i = 0; i < 2; i += 1) await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const result = await bridge().exportMonthEndPdf();
      if (!result.ok) return flash().show('danger', result.error.message);
      if (result.value) flash().show('success', `The month-end report was saved to ${result.value.savedTo}.`);
    } finally {
      set({ printing: false });
    }
  },
}));

/** A load's progress updates the view in place; once it ends, the report is fetched once. */
function onLoadProgress(state: MonthEndLoadState): void {
  const { view, refresh } = useMonthEndStore.getState();
  if (!view || view.mode !== state.mode) return;
  useMonthEndStore.setState({ view: { ...view, status: state.status, progress: state.progress, error: state.error } });
  if (state.status !== 'loading') void refresh();
}
