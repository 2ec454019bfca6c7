// The Invoices screen: main's view of a month's invoices, the filters the user chose, the
// selection, each row's details, and the two single-invoice actions ("Charge now" and
// "Mark as paid in 3scale") with their dialogs. Retry runs are in retry-run-store.ts.
// Every error is kept next to where it happened; the filters, the selection and an open
// dialog survive a failure.
import { create } from 'zustand';
import type {
  CardView,
  ChargeResultView,
  InvoiceDetailView,
  InvoiceRowView,
  InvoicesLoadState,
  InvoicesQuery,
  InvoicesView,
} from '../../../common/ipc-contract';
import { bridge } from '../bridge';

export interface DetailState {
  loading: boolean;
  detail: InvoiceDetailView | null;
  /** Loading the details, or opening a link from them, failed. */
  error: string | null;
}

/** The last single action on a row, shown in place. */
export interface RowActionState {
  busy: boolean;
  result: ChargeResultView | null;
  error: string | null;
}

export interface ChargeDialogState {
  row: InvoiceRowView;
  /** The card 3scale holds, read from the invoice's details before asking. */
  card: CardView | null;
  loadingCard: boolean;
  busy: boolean;
  error: string | null;
}

export interface MarkPaidDialogState {
  row: InvoiceRowView;
  busy: boolean;
  error: string | null;
}

interface InvoicesState {
  view: InvoicesView | null;
  /** Reading main's view failed (the page cannot show anything else). */
  openError: string | null;
  /** What the user chose; sent with every load. */
  filters: InvoicesQuery;
  /** A load main refused outright (a failed load in progress is view.error). */
  loadError: string | null;
  selected: number[];
  details: Record<number, DetailState>;
  actions: Record<number, RowActionState>;
  chargeDialog: ChargeDialogState | null;
  markPaidDialog: MarkPaidDialogState | null;

  open: () => Promise<void>;
  refresh: () => Promise<void>;
  /** Sends the filters to main; `refresh` reads the month from 3scale and Stripe again. */
  load: (refresh?: boolean) => Promise<void>;
  /** "Cancel loading": main ends the load; what was read stays shown, marked partial. The filters stay. */
  cancelLoad: () => Promise<void>;
  /** Makes sure main's query is the one on screen (a search still waiting is sent now). */
  syncQuery: () => Promise<void>;
  setMonth: (month: string) => void;
  setState: (state: InvoicesQuery['state']) => void;
  setSearch: (search: string) => void;
  toggleSelected: (invoiceId: number, selected: boolean) => void;
  setSelection: (invoiceIds: number[]) => void;
  toggleDetails: (invoiceId: number) => Promise<void>;
  openInAdminPortal: (invoiceId: number) => Promise<void>;
  openPayment: (invoiceId: number, paymentIntentId: string) => Promise<void>;
  askCharge: (invoiceId: number) => Promise<void>;
  confirmCharge: () => Promise<void>;
  closeChargeDialog: () => void;
  askMarkPaid: (invoiceId: number) => void;
  confirmMarkPaid: () => Promise<void>;
  closeMarkPaidDialog: () => void;
}

/** "YYYY-MM" of today, in the user's time zone: the month the screen opens on. */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The rows to draw: main's rows for its query, narrowed at once by what the user is typing
 * (with main's own matching: friendly id, numeric id or organisation, ignoring case) while
 * main is asked for the new query.
 */
export function visibleRows(view: InvoicesView | null, filters: InvoicesQuery): InvoiceRowView[] {
  if (!view) return [];
  const query = filters.search.trim().toLowerCase();
  return view.rows.filter((row) => {
    if (filters.state && row.state !== filters.state) return false;
    return !query || `${row.friendlyId} ${row.id} ${row.organisation ?? ''}`.toLowerCase().includes(query);
  });
}

const sameQuery = (a: InvoicesQuery, b: InvoicesQuery) => a.month === b.month && a.state === b.state && a.search.trim() === b.search.trim();

/** Typing in the search asks main for the new query once the typing pauses. */
const SEARCH_DELAY_MS = 300;
let searchTimer: ReturnType<typeof setTimeout> | null = null;

/** Main pushes a load's progress; the store listens from its first use on. */
let following = false;

export const useInvoicesStore = create<InvoicesState>((set, get) => {
  const findRow = (invoiceId: number) => get().view?.rows.find((row) => row.id === invoiceId) ?? null;
  const setDetail = (invoiceId: number, change: Partial<DetailState>) =>
    set((s) => ({ details: { ...s.details, [invoiceId]: { loading: false, detail: null, error: null, ...s.details[invoiceId], ...change } } }));
  const setAction = (invoiceId: number, action: RowActionState) => set((s) => ({ actions: { ...s.actions, [invoiceId]: action } }));
  /**
   * A charge or a mark-paid answered with the invoice as it is now: the row and its details
   * follow at once, then main's whole view (its summary counts the change).
   */
  const applyResult = async (result: ChargeResultView) => {
    const row = result.row;
    if (!row) return get().refresh();
    set((s) => {
      const open = s.details[row.id];
      return {
        view: s.view ? { ...s.view, rows: s.view.rows.map((r) => (r.id === row.id ? row : r)) } : s.view,
        details: open?.detail ? { ...s.details, [row.id]: { ...open, detail: { ...open.detail, row } } } : s.details,
      };
    });
    await get().refresh();
    // Open details show the new attempt too.
    if (get().details[row.id]?.detail) {
      const detail = await bridge().getInvoiceDetail(row.id);
      if (detail.ok && get().details[row.id]) setDetail(row.id, { detail: detail.value, error: null });
    }
  };

  return {
    view: null,
    openError: null,
    filters: { month: currentMonth(), state: null, search: '' },
    loadError: null,
    selected: [],
    details: {},
    actions: {},
    chargeDialog: null,
    markPaidDialog: null,

    open: async () => {
      if (!following) {
        following = true;
        bridge().on('invoices:load-progress', (state) => onLoadProgress(state));
      }
      const result = await bridge().getInvoices();
      if (!result.ok) return set({ openError: result.error.message });
      const view = result.value;
      // Back on the screen: the filters of the last load; the first time: load the current month.
      if (view.loadedAt || view.status === 'loading' || view.status === 'cancelled') set({ view, openError: null, filters: { ...view.query } });
      else {
        set({ view, openError: null });
        await get().load();
      }
    },

    refresh: async () => {
      const result = await bridge().getInvoices();
      if (!result.ok) return set({ loadError: result.error.message });
      set({ view: result.value });
    },

    load: async (refresh = false) => {
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = null;
      const { filters } = get();
      if (filters.month !== null && !MONTH_PATTERN.test(filters.month)) {
        return set({ loadError: 'Choose a month (YYYY-MM), or clear it for every month.' });
      }
      set({ loadError: null });
      const result = await bridge().loadInvoices(refresh ? { ...filters, refresh: true } : { ...filters });
      if (!result.ok) return set({ loadError: result.error.message });
      set({ view: result.value });
      // Asked after the answer, so a load that ended before it arrived is not shown as running.
      if (result.value.status === 'loading') await get().refresh();
    },

    cancelLoad: async () => {
      const result = await bridge().cancelInvoicesLoad();
      if (!result.ok) return set({ loadError: result.error.message });
      set({ view: result.value, loadError: null });
    },

    setMonth: (month) => {
      set((s) => ({ filters: { ...s.filters, month: month === '' ? null : month } }));
      void get().load();
    },
    setState: (state) => {
      set((s) => ({ filters: { ...s.filters, state } }));
      void get().load();
    },
    syncQuery: async () => {
      const { view, filters } = get();
      if (!view || !sameQuery(view.query, filters)) await get().load();
    },

    setSearch: (search) => {
      set((s) => ({ filters: { ...s.filters, search } }));
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        searchTimer = null;
        void get().load();
      }, SEARCH_DELAY_MS);
    },

    toggleSelected: (invoiceId, selected) =>
      set((s) => ({ selected: selected ? [...s.selected.filter((id) => id !== invoiceId), invoiceId] : s.selected.filter((id) => id !== invoiceId) })),
    setSelection: (invoiceIds) => set({ selected: [...invoiceIds] }),

    toggleDetails: async (invoiceId) => {
      const current = get().details[invoiceId];
      if (current && !current.loading) {
        return set({ details: Object.fromEntries(Object.entries(get().details).filter(([id]) => Number(id) !== invoiceId)) });
      }
      setDetail(invoiceId, { loading: true, error: null });
      const result = await bridge().getInvoiceDetail(invoiceId);
      if (!get().details[invoiceId]) return; // closed meanwhile
      if (!result.ok) return setDetail(invoiceId, { loading: false, error: result.error.message });
      setDetail(invoiceId, { loading: false, detail: result.value, error: null });
    },

    openInAdminPortal: async (invoiceId) => {
      const result = await bridge().openInvoiceInAdminPortal(invoiceId);
      setDetail(invoiceId, { error: result.ok ? null : result.error.message });
    },

    openPayment: async (invoiceId, paymentIntentId) => {
      const result = await bridge().openPaymentInDashboard(paymentIntentId);
      setDetail(invoiceId, { error: result.ok ? null : result.error.message });
    },

    askCharge: async (invoiceId) => {
      const row = findRow(invoiceId);
      if (!row || row.paidInStripe) return; // paid in Stripe: never charged from here
      const known = get().details[invoiceId]?.detail;
      set({ chargeDialog: { row, card: known?.card ?? null, loadingCard: !known, busy: false, error: null } });
      if (known) return;
      const result = await bridge().getInvoiceDetail(invoiceId);
      const dialog = get().chargeDialog;
      if (!dialog || dialog.row.id !== invoiceId) return;
      if (!result.ok) {
        return set({ chargeDialog: { ...dialog, loadingCard: false, error: `The card 3scale holds could not be read: ${result.error.message}` } });
      }
      set({ chargeDialog: { ...dialog, row: result.value.row, card: result.value.card, loadingCard: false } });
    },

    confirmCharge: async () => {
      const dialog = get().chargeDialog;
      if (!dialog || dialog.busy || dialog.loadingCard) return;
      const invoiceId = dialog.row.id;
      set({ chargeDialog: { ...dialog, busy: true, error: null } });
      setAction(invoiceId, { busy: true, result: null, error: null });
      const result = await bridge().chargeInvoice(invoiceId);
      if (!result.ok) {
        // The dialog stays, with the reason; the row says so too.
        set((s) => ({ chargeDialog: s.chargeDialog ? { ...s.chargeDialog, busy: false, error: result.error.message } : null }));
        return setAction(invoiceId, { busy: false, result: null, error: result.error.message });
      }
      set({ chargeDialog: null });
      setAction(invoiceId, { busy: false, result: result.value, error: null });
      await applyResult(result.value);
    },

    closeChargeDialog: () => {
      if (get().chargeDialog?.busy) return; // the charge is on its way: its answer closes it
      set({ chargeDialog: null });
    },

    askMarkPaid: (invoiceId) => {
      const row = findRow(invoiceId);
      if (!row?.paidInStripe) return;
      set({ markPaidDialog: { row, busy: false, error: null } });
    },

    confirmMarkPaid: async () => {
      const dialog = get().markPaidDialog;
      if (!dialog || dialog.busy || !dialog.row.paidInStripe) return;
      const invoiceId = dialog.row.id;
      set({ markPaidDialog: { ...dialog, busy: true, error: null } });
      const result = await bridge().markInvoicePaid({ invoiceId, paymentIntentId: dialog.row.paidInStripe.id });
      if (!result.ok) {
        set((s) => ({ markPaidDialog: s.markPaidDialog ? { ...s.markPaidDialog, busy: false, error: result.error.message } : null }));
        return;
      }
      set({ markPaidDialog: null });
      setAction(invoiceId, { busy: false, result: result.value, error: null });
      await applyResult(result.value);
    },

    closeMarkPaidDialog: () => {
      if (get().markPaidDialog?.busy) return;
      set({ markPaidDialog: null });
    },
  };
});

/** A load's progress updates the view in place; once it ends, the rows are fetched once. */
function onLoadProgress(state: InvoicesLoadState): void {
  const { view, refresh } = useInvoicesStore.getState();
  if (!view) return;
  useInvoicesStore.setState({ view: { ...view, mode: state.mode, status: state.status, progress: state.progress, error: state.error } });
  if (state.status !== 'loading') void refresh();
}
