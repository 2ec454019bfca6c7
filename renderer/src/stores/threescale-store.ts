// The 3scale page's state: main's view of the connection, the last Verify's failure and
// field errors. The two fields themselves are the settings form's (webhook.adminDomain,
// webhook.accessToken), so they are drafted like every other field.
import { create } from 'zustand';
import type { ThreescaleConnectionView } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { useFlashStore } from './flash-store';
import { useSettingsStore } from './settings-store';

interface ThreescaleState {
  view: ThreescaleConnectionView | null;
  loadError: string | null;
  errors: { adminDomain?: string; accessToken?: string };
  failure: string | null;
  busy: boolean;
  load: () => Promise<void>;
  edit: (patch: { adminDomain?: string; accessToken?: string }) => void;
  verify: () => Promise<void>;
}

export const useThreescaleStore = create<ThreescaleState>((set, get) => ({
  view: null,
  loadError: null,
  errors: {},
  failure: null,
  busy: false,

  load: async () => {
    const result = await bridge().loadThreescaleConnection();
    if (!result.ok) return set({ loadError: result.error.message });
    set({ view: result.value, loadError: null });
  },

  edit: (patch) => {
    useSettingsStore.getState().editWebhook(patch);
    const errors = Object.fromEntries(Object.entries(get().errors).filter(([key]) => !(key in patch)));
    set({ errors, failure: null });
  },

  verify: async () => {
    if (get().busy) return;
    set({ busy: true, failure: null });
    const settings = useSettingsStore.getState();
    await settings.flushDraft();
    try {
      const result = await bridge().connectThreescale({ ...useSettingsStore.getState().webhookForm });
      if (!result.ok) {
        set({ failure: result.error.message, errors: result.error.fieldErrors ?? {} });
        return;
      }
      const outcome = result.value;
      set({ view: outcome.view });
      if (outcome.status === 'failed') {
        const onField = Object.keys(outcome.fieldErrors).length > 0;
        set({ errors: outcome.fieldErrors, failure: onField ? null : outcome.message });
        return;
      }
      set({ errors: {}, failure: null });
      // The provider details and the webhook's domain and token are saved anew: reload the form.
      await useSettingsStore.getState().load();
      // What was typed is saved (the domain normalised): the fields show the saved values.
      useSettingsStore.getState().editWebhook({ adminDomain: outcome.view.adminDomain, accessToken: '' });
      useFlashStore.getState().show('success', outcome.message);
    } finally {
      set({ busy: false });
    }
  },
}));
