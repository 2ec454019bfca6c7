// The 3scale connection feature's channels: its view, and Verify (which saves what 3scale accepted).

import type { THREESCALE_CHANNELS } from '../../common/contract/threescale';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { ThreescaleConnectionService } from './connection-service';

export function threescaleChannels(service: ThreescaleConnectionService): ChannelHandlers<typeof THREESCALE_CHANNELS> {
  return {
    'threescale:view': () => service.view(),
    'threescale:connect': (request) => service.connect(request),
  };
}
