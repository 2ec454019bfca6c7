// The finance log's channel.

import type { FINANCE_LOG_CHANNELS } from '../../common/contract/finance-log';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { SettingsService } from './settings-service';

export function financeLogChannels(service: SettingsService): ChannelHandlers<typeof FINANCE_LOG_CHANNELS> {
  return {
    'finance-log:list': () => service.financeLog(),
  };
}
