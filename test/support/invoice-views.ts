// What main answers on the Invoices channels, for the renderer's store tests: a failed
// invoice by default, changed per test.
import type { InvoiceDetailView, InvoiceRowView, InvoicesView, PaymentIntentView, RetryPlanView, RunView } from '../../common/ipc-contract';

export const payment = (change: Partial<PaymentIntentView> = {}): PaymentIntentView => ({
  id: 'pi_1',
  status: 'requires_payment_method',
  amount: { amountMinor: 9900, currency: 'EUR' },
  created: 1_767_225_600,
  card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
  declineCode: 'insufficient_funds',
  declineText: 'Insufficient funds',
  description: 'Acme API API services 2026-01-00000001',
  ...change,
});

export const row = (id: number, change: Partial<InvoiceRowView> = {}): InvoiceRowView => ({
  id,
  friendlyId: `2026-01-0000000${id}`,
  accountId: 100 + id,
  organisation: `Org ${id}`,
  state: 'failed',
  total: { amountMinor: 9900, currency: 'EUR' },
  month: '2026-01',
  issuedOn: '2026-01-01',
  dueOn: '2026-01-15',
  attempts: 1,
  lastMessage: 'Your card has insufficient funds.',
  lastPayment: payment(),
  paidInStripe: null,
  needsAction: false,
  exclusion: null,
  ...change,
});

export const view = (change: Partial<InvoicesView> = {}): InvoicesView => ({
  mode: 'test',
  status: 'done',
  progress: null,
  loadedAt: '2026-01-20T10:00:00.000Z',
  query: { month: '2026-01', state: null, search: '' },
  rows: [row(1), row(2, { organisation: 'Globex', state: 'paid', exclusion: { reason: 'not_chargeable_state', detail: 'Paid' } })],
  summary: [],
  error: null,
  adminDomain: 'acme-admin.3scale.net',
  ...change,
});

export const detail = (r: InvoiceRowView): InvoiceDetailView => ({
  row: r,
  lineItems: [{ id: 1, name: 'Pro plan', description: null, quantity: 1, cost: r.total }],
  attempts: [],
  card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
});

export const plan = (change: Partial<RetryPlanView> = {}): RetryPlanView => ({
  planId: 'plan-1',
  mode: 'test',
  include: [1, 2, 3].map((id) => ({ invoiceId: id, friendlyId: `2026-01-0000000${id}`, organisation: `Org ${id}`, total: { amountMinor: 1000 * id, currency: 'EUR' }, card: null })),
  excluded: [
    { invoiceId: 9, friendlyId: '2026-01-00000009', organisation: 'Paid Elsewhere', total: { amountMinor: 500, currency: 'USD' }, card: null, reason: 'paid_in_stripe', detail: 'pi_9 succeeded' },
  ],
  totals: [{ amountMinor: 6000, currency: 'EUR' }],
  ...change,
});

export const runView = (change: Partial<RunView> = {}): RunView => ({
  runId: 'run-1',
  mode: 'test',
  status: 'running',
  startedAt: '2026-01-20T10:00:00.000Z',
  counts: { total: 3, paid: 0, declined: 0, needsAction: 0, skipped: 0, failed: 0, pending: 3 },
  totalsCharged: [],
  items: [1, 2, 3].map((id) => ({ invoiceId: id, friendlyId: `2026-01-0000000${id}`, organisation: `Org ${id}`, total: { amountMinor: 1000 * id, currency: 'EUR' }, status: 'pending', message: null })),
  ...change,
});
