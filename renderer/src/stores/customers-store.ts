// The Customers screen: main's view of the active mode's customers, and the filters.
import { create } from 'zustand';
import type { CustomerProblemKind, CustomersView } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { useFlashStore } from './flash-store';

export type CustomerFilter = 'all' | 'chargeable' | 'no_card' | 'expired' | 'expires_soon' | 'problems' | CustomerProblemKind;

interface CustomersState {
  view: CustomersView | null;
  filter: CustomerFilter;
  search: string;
  refresh: () => Promise<void>;
  load: () => Promise<void>;
  cancel: () => Promise<void>;
  exportCsv: () => Promise<void>;
  openInDashboard: (customerId: string) => Promise<void>;
  setFilter: (filter: CustomerFilter) => void;
  setSearch: (search: string) => void;
}

const flash = () => useFlashStore.getState();
let poll: ReturnType<typeof setTimeout> | null = null;

export const useCustomersStore = create<CustomersState>((set, get) => ({
  view: null,
  filter: 'all',
  search: '',

  refresh: async () => {
    const result = await bridge().getCustomers();
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ view: result.value });
    // While a load runs, ask main for its progress twice a second.
    if (poll) clearTimeout(poll);
    poll = result.value.status === 'loading' ? setTimeout(() => void get().refresh(), 500) : null;
  },

  load: async () => {
    const result = await bridge().loadCustomers();
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ view: result.value });
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

  setFilter: (filter) => set({ filter }),
  setSearch: (search) => set({ search }),
}));
