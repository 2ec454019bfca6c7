// The start's one request: everything the Charging & Gateway page draws first, read
// together in main (each part from the service that owns it).

import type { STARTUP_CHANNELS } from '../../common/contract/startup';
import type { SettingsService } from '../domain/settings-service';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { ConnectivityMonitor } from '../stripe/connectivity';

export function startupChannels(
  service: SettingsService,
  connectivity: ConnectivityMonitor,
  logError?: (text: string) => void,
): ChannelHandlers<typeof STARTUP_CHANNELS> {
  return {
    'startup:first-page': () => {
      const settings = service.view();
      let draft = null;
      try {
        draft = service.draft();
      } catch (error) {
        // As when the draft was its own request: the saved settings still show, the draft does not.
        logError?.(`[startup:first-page] the draft could not be read: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      return { settings, draft, connectivity: connectivity.view() };
    },
  };
}
