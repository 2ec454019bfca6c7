// What the first page (Charging & Gateway) needs to draw, in one request at start:
// the saved settings (with the keychain's state and any notice about the files), the
// draft over them, and whether Stripe can be reached. Each part keeps its own channel
// for later reads; this one only spares the start its round trips.

import { channel } from '../ipc/define';
import type { ConnectivityView } from './connectivity';
import type { DraftView } from './drafts';
import type { SettingsView } from './settings';

export interface FirstPageView {
  settings: SettingsView;
  /** The draft kept by main, or null (also when it could not be read: the saved settings still show). */
  draft: DraftView | null;
  connectivity: ConnectivityView;
}

export const STARTUP_CHANNELS = {
  'startup:first-page': channel<FirstPageView>()({ method: 'getFirstPage', request: (z) => z.null() }),
};
