// The settings feature's channels: read the Charging & Gateway settings, save billing,
// billing mode, provider details and the gateway.

import type { BillingSettings, SETTINGS_CHANNELS } from '../../common/contract/settings';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { SettingsService } from './settings-service';

export function settingsChannels(service: SettingsService): ChannelHandlers<typeof SETTINGS_CHANNELS> {
  return {
    'settings:get': () => service.view(),
    // The schema lets any short currency through so that the service can say "is not
    // included in the list" next to the field; the service checks it first thing.
    'billing:save': (settings) => service.saveBilling(settings as BillingSettings),
    'billing-mode:switch': ({ to }) => service.switchBillingMode(to),
    'provider:save': (provider) => service.saveProvider(provider),
    'gateway:save': (request) => service.saveGateway(request),
  };
}
