// The 3scale page's state: main's view of the connection and the last Verify's failure.
// The two fields are the settings form's (webhook.adminDomain, webhook.accessToken), so
// they are drafted like every other field; their errors are in the settings errors map,
// and Verify runs through the settings page's one save runner (the page is busy meanwhile).
import { create } from 'zustand';
import type { ThreescaleConnectResult, ThreescaleConnectionView } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { flash } from './settings/card-flows';
import { belongsTo, errorsWithout, pathErrors, savedForm } from './settings/form';
import { settingsSaves, useSettingsStore } from './settings-store';

interface ThreescaleState {
  view: ThreescaleConnectionView | null;
  loadError: string | null;
  /** What 3scale (or the network) said when it is not about one field. */
  failure: string | null;
  load: () => Promise<void>;
  edit: (patch: { adminDomain?: string; accessToken?: string }) => void;
  verify: () => Promise<boolean>;
}

/** Main's field errors on the connection, in the settings errors map in place of the old ones. */
function showFieldErrors(fieldErrors: Record<string, string> | undefined): void {
  const settings = useSettingsStore.getState();
  const kept = errorsWithout(settings.errors, (path) => belongsTo('webhook', path));
  useSettingsStore.setState({ errors: { ...kept, ...pathErrors('webhook', fieldErrors, '') } });
}

/** What Verify (or main's own verification once 3scale could be reached) answered, shown on both pages. */
async function applyConnectResult(outcome: ThreescaleConnectResult, prefix = ''): Promise<void> {
  const set = useThreescaleStore.setState;
  set({ view: outcome.view });
  if (outcome.status === 'failed') {
    const onField = Object.keys(outcome.fieldErrors).length > 0;
    showFieldErrors(outcome.fieldErrors);
    const waits = outcome.kind === 'unreachable' || outcome.kind === 'timeout' ? ' It is kept in the draft and verified by itself as soon as 3scale answers.' : '';
    set({ failure: onField ? null : `${prefix}${outcome.message}${waits}` });
    return;
  }
  set({ failure: null });
  // The provider details and the webhook's domain and token are saved anew: both
  // cards' fields show the saved values (the domain normalised, the token masked).
  const settings = await bridge().getSettings();
  if (!settings.ok) {
    flash('warning', `${prefix}${outcome.message} The settings could not be read again: ${settings.error.message}`);
    return;
  }
  const form = useSettingsStore.getState().form;
  if (form) {
    useSettingsStore.setState({
      form: { ...form, ...savedForm.provider(settings.value) },
      errors: errorsWithout(useSettingsStore.getState().errors, (path) => belongsTo('provider', path)),
    });
  }
  await settingsSaves.savedCard('webhook', settings.value, `${prefix}${outcome.message}`);
}

/** Main verified the connection kept in the draft once 3scale could be reached: said as such. */
export function listenForAutoVerify(): () => void {
  return bridge().on('threescale:auto-verified', (outcome) => {
    if (outcome.status === 'failed') flash('warning', `3scale can be reached again, but refused the connection kept in the draft: ${outcome.message}`);
    void applyConnectResult(outcome, outcome.status === 'saved' ? '3scale can be reached again: the connection kept in the draft was verified and saved. ' : '');
  });
}

export const useThreescaleStore = create<ThreescaleState>((set) => ({
  view: null,
  loadError: null,
  failure: null,

  load: async () => {
    const result = await bridge().loadThreescaleConnection();
    if (!result.ok) return set({ loadError: result.error.message });
    set({ view: result.value, loadError: null });
  },

  edit: (patch) => {
    useSettingsStore.getState().editWebhook(patch);
    set({ failure: null });
  },

  verify: () =>
    settingsSaves.run(async (step) => {
      set({ failure: null });
      return step({
        keepDraftFirst: true,
        // Read when sent, after the draft is kept: the very latest typing is verified.
        send: () => {
          const fields = useSettingsStore.getState().form?.webhook ?? { adminDomain: '', accessToken: '' };
          return bridge().connectThreescale({ adminDomain: fields.adminDomain, accessToken: fields.accessToken });
        },
        succeeded: (outcome) => applyConnectResult(outcome),
        failed: (error) => {
          showFieldErrors(error.fieldErrors);
          set({ failure: error.message });
        },
      });
    }),
}));
