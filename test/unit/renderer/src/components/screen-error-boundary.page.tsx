// The page the ScreenErrorBoundary test loads in Chromium: the real boundary and the real
// settings store on a fake bridge, around a screen that throws while drawing when told to.
import { createRoot } from 'react-dom/client';
import type { BillingDeskApi } from '../../../../../common/ipc-contract';
import { ScreenErrorBoundary } from '../../../../../renderer/src/components/ScreenErrorBoundary';
import { useSettingsStore } from '../../../../../renderer/src/stores/settings-store';
import { settingsView } from '../../../../support/fake-bridge';

declare global {
  interface Window {
    /** Every form main was sent as a draft. */
    draftsSent: Record<string, unknown>[];
    /** The screen throws while drawing. */
    breakScreen: boolean;
    /** Sending the draft fails. */
    breakDraft: boolean;
  }
}

window.draftsSent = [];
window.breakScreen = false;
window.breakDraft = false;
const fake: Partial<BillingDeskApi> = {
  getFirstPage: async () => ({ ok: true, value: { settings: settingsView(), draft: null, connectivity: { online: true, checkedAt: null, detail: null } } }),
  on: () => () => undefined,
  saveDraft: async (form) => {
    if (window.breakDraft) throw new Error('IPC channel closed');
    window.draftsSent.push(form);
    return { ok: true, value: null };
  },
};
window.billingDesk = fake as BillingDeskApi;

function FootnoteScreen() {
  const footnote = useSettingsStore((s) => s.form?.billing.invoiceFootnote ?? '');
  const edit = useSettingsStore((s) => s.editBilling);
  if (window.breakScreen) throw new TypeError("Cannot read properties of undefined (reading 'rows')");
  return <input aria-label="Invoice footnote" value={footnote} onChange={(event) => edit({ invoiceFootnote: event.target.value })} />;
}

void useSettingsStore
  .getState()
  .load()
  .then(() => {
    createRoot(document.getElementById('root') as HTMLElement).render(
      <ScreenErrorBoundary screen="Charging & Gateway">
        <FootnoteScreen />
      </ScreenErrorBoundary>,
    );
  });
