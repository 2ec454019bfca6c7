// The connectivity feature's channels: what main knows of Stripe's reachability.

import type { CONNECTIVITY_CHANNELS } from '../../common/contract/connectivity';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { ConnectivityMonitor } from './connectivity';

export function connectivityChannels(connectivity: ConnectivityMonitor): ChannelHandlers<typeof CONNECTIVITY_CHANNELS> {
  return {
    'connectivity:get': () => connectivity.view(),
    'connectivity:check': () => connectivity.checkNow(),
  };
}
