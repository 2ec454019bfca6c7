// Whether Stripe can be reached, as main knows it.

import { channel, event } from '../ipc/define';

export interface ConnectivityView {
  /** null until the first check. */
  online: boolean | null;
  checkedAt: string | null;
  /** Why it is offline, in a few words. */
  detail: string | null;
}

export const CONNECTIVITY_CHANNELS = {
  'connectivity:get': channel<ConnectivityView>()({ method: 'getConnectivity', request: (z) => z.null() }),
  'connectivity:check': channel<ConnectivityView>()({ method: 'checkConnectivity', request: (z) => z.null() }),
};

export const CONNECTIVITY_EVENTS = {
  /** Stripe became reachable or unreachable (or the reason changed). */
  'connectivity:changed': event<ConnectivityView>(),
};
