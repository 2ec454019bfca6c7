// The CSV of a retry run: amounts in each currency's own minor-unit digits, as Stripe counts them.
import { describe, expect, it } from 'vitest';
import type { RunView } from '../../../../common/contract/invoices';
import { runCsv } from '../../../../main/invoices/invoice-runs';

const item = (invoiceId: number, amountMinor: number, currency: string): RunView['items'][number] => ({
  invoiceId,
  friendlyId: `2026-10-0000000${invoiceId}`,
  organisation: 'Globex',
  total: { amountMinor, currency },
  status: 'paid',
  message: null,
});

describe('runCsv', () => {
  it('writes CLP without decimals, KWD with three and HUF with two', () => {
    const view: RunView = {
      runId: 'run-1',
      mode: 'test',
      status: 'done',
      startedAt: '2026-11-02T10:00:00Z',
      counts: { total: 4, paid: 4, declined: 0, needsAction: 0, skipped: 0, failed: 0, pending: 0 },
      totalsCharged: [],
      items: [item(1, 1500, 'CLP'), item(2, 1234, 'KWD'), item(3, 100050, 'HUF'), item(4, 1999, 'EUR')],
    };
    const amounts = runCsv(view)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').slice(3, 5).join(' '));
    expect(amounts).toEqual(['1500 CLP', '1.234 KWD', '1000.50 HUF', '19.99 EUR']);
  });
});
