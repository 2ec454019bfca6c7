// The finance log: every applied change to the settings, newest first.

import { channel } from '../ipc/define';

export interface FinanceLogChange {
  field: string;
  from: string;
  to: string;
}

export interface FinanceLogEntry {
  at: string;
  user: string;
  summary: string;
  changes: FinanceLogChange[];
}

export const FINANCE_LOG_CHANNELS = {
  'finance-log:list': channel<FinanceLogEntry[]>()({ method: 'listFinanceLog', request: (z) => z.null() }),
};
