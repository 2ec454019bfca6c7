// The Customers screen: main's view of the active mode's customers, and the filters.
import { create } from 'zustand';
import type { AccountJoinKind, CustomerProblemKind, CustomersLoadState, CustomersView } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { useFlashStore } from './flash-store';

export type CustomerFilter =
  | 'all'
  | 'chargeable'
  | 'no_card'
  | 'expired'
  | 'expires_soon'
  | 'problems'
  | CustomerProblemKind
  /** The join with 3scale: a state, or the developer accounts without a Stripe customer. */
  | AccountJoinKind
  | 'no_customer';

interface CustomersState {
  view: CustomersView | null;
  filter: CustomerFilter;
  search: string;
  refresh: () => Promise<void>;
  load: () => Promise<void>;
  cancel: () => Promise<void>;
  exportCsv: () => Promise<void>;
  openInDashboard: (customerId: string) => Promise<void>;
  openInAdminPortal: (accountId: string) => Promise<void>;
  setFilter: (filter: CustomerFilter) => void;
  setSearch: (search: string) => void;
}

const flash = () => useFlashStore.getState();
/** Main pushes the progress of a load; the store listens from its first use on. */
let following = false;

export const useCustomersStore = create<CustomersState>((set, get) => ({
  view: null,
  filter: 'all',
  search: '',

  refresh: async () => {
    if (!following) {
      following = true;
      bridge().on('customers:load-progress', (state) => onLoadProgress(state));
    }
    const result = await bridge().getCustomers();
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ view: result.value });
  },

  load: async () => {
    const result = await bridge().loadCustomers();
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ view: result.value });
    // Asked after the answer, so a load that ended before it arrived is not shown as running.
    await get().refresh();
  },

  cancel: async () => {
    const result = await bridge().cancelCustomerLoad();
    if (result.ok) set({ view: result.value });
  },

  exportCsv: async () => {
    const result = await bridge().exportCustomers();
    if (!result.ok) return flash().show('danger', result.error.message);
    if (result.value) flash().show('success', `The customers were exported to ${result.value.savedTo}.`);
  },

  openInDashboard: async (customerId) => {
    const result = await bridge().openCustomerInDashboard(customerId);
    if (!result.ok) flash().show('danger', result.error.message);
  },

  openInAdminPortal: async (accountId) => {
    const result = await bridge().openAccountInAdminPortal(accountId);
    if (!result.ok) flash().show('danger', result.error.message);
  },

  setFilter: (filter) => set({ filter }),
  setSearch: (search) => set({ search }),
}));

/** A load's progress updates the view in place; once it ends, the rows are fetched once. */
function onLoadProgress(state: CustomersLoadState): void {
  const { view, refresh } = useCustomersStore.getState();
  if (!view || view.mode !== state.mode) return;
  useCustomersStore.setState({ view: { ...view, status: state.status, progress: state.progress, error: state.error } });
  if (state.status !== 'loading') void refresh();
}
