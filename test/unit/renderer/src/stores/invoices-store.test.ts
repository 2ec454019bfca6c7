// The Invoices screen's store against a fake bridge: the first load of the current month,
// progress pushed by main, the search, details and their links, "Charge now" (card read
// before asking, result in place, failure kept in the dialog) and "Mark as paid in 3scale".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChargeResultView, InvoicesLoadState } from '../../../../../common/ipc-contract';
import { deferred, failure, fakeBridge, ok, type BridgeHandlers, type FakeBridge } from '../../../../support/fake-bridge';
import { detail, payment, row, view } from '../../../../support/invoice-views';

let bridge: FakeBridge | null = null;

afterEach(() => {
  vi.unstubAllGlobals();
  expect(bridge?.unexpected ?? []).toEqual([]);
  bridge = null;
});

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

type Listener = (payload: unknown) => void;

async function openStore(handlers: BridgeHandlers) {
  const listeners = new Map<string, Listener>();
  const on = ((event: string, listener: Listener) => {
    listeners.set(event, listener);
    return () => listeners.delete(event);
  }) as NonNullable<BridgeHandlers['on']>;
  bridge = fakeBridge({
    on,
    ...handlers,
  });
  vi.resetModules();
  vi.stubGlobal('window', { billingDesk: bridge.api });
  const { useInvoicesStore, visibleRows, currentMonth } = await import('../../../../../renderer/src/stores/invoices-store');
  return { bridge, store: () => useInvoicesStore.getState(), listeners, visibleRows, currentMonth };
}

describe('opening the screen', () => {
  it('the first time, loads the current month; main pushes the progress, and the rows are read once the load ends', async () => {
    const loading = view({ status: 'loading', loadedAt: null, rows: [], progress: { stage: 'invoices', done: 0, total: null, requests: 1 } });
    const page = await openStore({
      getInvoices: () => ok(view({ status: 'idle', loadedAt: null, rows: [] })),
      loadInvoices: () => {
        page.bridge.answer({ getInvoices: () => ok(loading) });
        return ok(loading);
      },
    });
    await page.store().open();
    expect(page.bridge.argsOf('loadInvoices')).toEqual([[{ month: page.currentMonth(), state: null, search: '' }]]);
    expect(page.listeners.has('invoices:load-progress')).toBe(true);
    expect(page.store().view?.status).toBe('loading');

    const progress: InvoicesLoadState = { mode: 'test', status: 'loading', progress: { stage: 'payments', done: 3, total: 10, requests: 12 }, error: null };
    page.listeners.get('invoices:load-progress')?.(progress);
    expect(page.store().view?.progress).toEqual(progress.progress);
    const calls = page.bridge.argsOf('getInvoices').length;

    page.bridge.answer({ getInvoices: () => ok(view()) });
    page.listeners.get('invoices:load-progress')?.({ mode: 'test', status: 'done', progress: null, error: null });
    await vi.waitFor(() => expect(page.store().view?.rows).toHaveLength(2));
    expect(page.bridge.argsOf('getInvoices')).toHaveLength(calls + 1);
  });

  it('back on the screen, shows what main has with the filters of its last load, without loading again', async () => {
    const page = await openStore({ getInvoices: () => ok(view({ query: { month: '2025-11', state: 'failed', search: 'glob' } })) });
    await page.store().open();
    expect(page.store().filters).toEqual({ month: '2025-11', state: 'failed', search: 'glob' });
    expect(page.bridge.argsOf('loadInvoices')).toHaveLength(0);
  });

  it('"Cancel loading" asks main once and shows its view; the filters stay, and back on the screen a cancelled load is not started again', async () => {
    const loading = view({ status: 'loading', loadedAt: null, rows: [], query: { month: '2025-10', state: 'unpaid', search: 'glob' } });
    const cancelled = view({ status: 'cancelled', partial: true, query: loading.query });
    const page = await openStore({ getInvoices: () => ok(loading), cancelInvoicesLoad: () => ok(cancelled) });
    await page.store().open();
    await page.store().cancelLoad();
    expect(page.bridge.argsOf('cancelInvoicesLoad')).toHaveLength(1);
    expect(page.store().view).toMatchObject({ status: 'cancelled', partial: true });
    expect(page.store().filters).toEqual({ month: '2025-10', state: 'unpaid', search: 'glob' });

    const again = await openStore({ getInvoices: () => ok(view({ status: 'cancelled', loadedAt: null, rows: [], query: { month: '2025-10', state: 'unpaid', search: '' } })) });
    await again.store().open();
    expect(again.bridge.argsOf('loadInvoices')).toHaveLength(0);
    expect(again.store().filters).toEqual({ month: '2025-10', state: 'unpaid', search: '' });
  });

  it('says why when main cannot give the view', async () => {
    const page = await openStore({ getInvoices: () => failure('internal', 'The invoices file is unreadable.') });
    await page.store().open();
    expect(page.store().openError).toBe('The invoices file is unreadable.');
  });
});

describe('filters', () => {
  it('a month or a state loads again with the chosen filters; a bad month is refused here with a plain reason', async () => {
    const page = await openStore({ getInvoices: () => ok(view()), loadInvoices: (q) => ok(view({ query: q })) });
    await page.store().open();
    page.store().setMonth('2025-12');
    await vi.waitFor(() => expect(page.bridge.argsOf('loadInvoices')).toHaveLength(1));
    expect(page.bridge.argsOf('loadInvoices')[0]).toEqual([{ month: '2025-12', state: null, search: '' }]);
    page.store().setState('unpaid');
    await vi.waitFor(() => expect(page.bridge.argsOf('loadInvoices')).toHaveLength(2));
    expect(page.bridge.argsOf('loadInvoices')[1]).toEqual([{ month: '2025-12', state: 'unpaid', search: '' }]);
    page.store().setMonth('');
    await vi.waitFor(() => expect(page.bridge.argsOf('loadInvoices')).toHaveLength(3));
    expect(page.bridge.argsOf('loadInvoices')[2]).toEqual([{ month: null, state: 'unpaid', search: '' }]);
    page.store().setMonth('2025-13');
    await page.store().load();
    expect(page.bridge.argsOf('loadInvoices')).toHaveLength(3);
    expect(page.store().loadError).toBe('Choose a month (YYYY-MM), or clear it for every month.');
  });

  it('a refused load keeps the filters, the search and the selection, with the reason', async () => {
    const page = await openStore({ getInvoices: () => ok(view()), loadInvoices: () => failure('stripe_unreachable', '3scale did not answer.') });
    await page.store().open();
    page.store().toggleSelected(1, true);
    page.store().setState('failed');
    page.store().setSearch('Org 1');
    await vi.waitFor(() => expect(page.bridge.argsOf('loadInvoices')).toHaveLength(2), { timeout: 2000 });
    await vi.waitFor(() => expect(page.store().loadError).toBe('3scale did not answer.'));
    expect(page.store().filters).toEqual({ month: '2026-01', state: 'failed', search: 'Org 1' });
    expect(page.store().selected).toEqual([1]);
    expect(page.store().view?.rows).toHaveLength(2);
  });

  it('narrows the rows at once as main does (friendly id, numeric id or organisation, ignoring case), and sends the search to main once typing pauses', async () => {
    vi.useFakeTimers();
    try {
      const page = await openStore({ getInvoices: () => ok(view()), loadInvoices: (q) => ok(view({ query: q })) });
      await page.store().open();
      const shown = (search: string) => page.visibleRows(page.store().view, { ...page.store().filters, search }).map((r) => r.id);
      expect(shown('')).toEqual([1, 2]);
      expect(shown('GLOBEX')).toEqual([2]);
      expect(shown('0000001')).toEqual([1]);
      expect(page.visibleRows(page.store().view, { month: null, state: 'paid', search: '' }).map((r) => r.id)).toEqual([2]);
      page.store().setSearch('g');
      page.store().setSearch('gl');
      page.store().setSearch('glo');
      expect(page.bridge.argsOf('loadInvoices')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(300);
      expect(page.bridge.argsOf('loadInvoices')).toEqual([[{ month: '2026-01', state: null, search: 'glo' }]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Reload asks main to read the month again; before a plan of the whole filter, a search still waiting is sent first', async () => {
    const page = await openStore({ getInvoices: () => ok(view()), loadInvoices: (q) => ok(view({ query: { month: q.month, state: q.state, search: q.search } })) });
    await page.store().open();
    await page.store().load(true);
    expect(page.bridge.argsOf('loadInvoices')).toEqual([[{ month: '2026-01', state: null, search: '', refresh: true }]]);
    await page.store().syncQuery();
    expect(page.bridge.argsOf('loadInvoices')).toHaveLength(1); // main's query is the one on screen
    page.store().setSearch('Org 1');
    await page.store().syncQuery();
    expect(page.bridge.argsOf('loadInvoices')).toEqual([[{ month: '2026-01', state: null, search: '', refresh: true }], [{ month: '2026-01', state: null, search: 'Org 1' }]]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(page.bridge.argsOf('loadInvoices')).toHaveLength(2); // the waiting search was sent once, not twice
  });
});

describe('details', () => {
  it('opens with line items and attempts, closes again; a link main could not open is said inside the details', async () => {
    const page = await openStore({
      getInvoices: () => ok(view()),
      getInvoiceDetail: (id) => ok(detail(row(id))),
      openInvoiceInAdminPortal: () => ok(null),
      openPaymentInDashboard: () => failure('invalid_input', 'Not a Stripe PaymentIntent id.'),
    });
    await page.store().open();
    await page.store().toggleDetails(1);
    expect(page.store().details[1]?.detail?.lineItems[0]?.name).toBe('Pro plan');
    await page.store().openInAdminPortal(1);
    expect(page.bridge.argsOf('openInvoiceInAdminPortal')).toEqual([[1]]);
    expect(page.store().details[1]?.error).toBeNull();
    await page.store().openPayment(1, 'pi_1');
    expect(page.bridge.argsOf('openPaymentInDashboard')).toEqual([['pi_1']]);
    expect(page.store().details[1]?.error).toBe('Not a Stripe PaymentIntent id.');
    await page.store().toggleDetails(1);
    expect(page.store().details[1]).toBeUndefined();
  });

  it('a detail that cannot be read says why in the row', async () => {
    const page = await openStore({ getInvoices: () => ok(view()), getInvoiceDetail: () => failure('invalid_input', 'Invoice 1 no longer exists in 3scale.') });
    await page.store().open();
    await page.store().toggleDetails(1);
    expect(page.store().details[1]).toMatchObject({ loading: false, detail: null, error: 'Invoice 1 no longer exists in 3scale.' });
  });
});

describe('Charge now', () => {
  it('reads the card 3scale holds before asking, charges once confirmed, and shows the result in the row', async () => {
    const paid = row(1, { state: 'paid', attempts: 2, lastMessage: 'Transaction approved', lastPayment: payment({ status: 'succeeded', declineCode: null, declineText: null }) });
    const charge = deferred<{ ok: true; value: ChargeResultView }>();
    const page = await openStore({ getInvoices: () => ok(view()), getInvoiceDetail: (id) => ok(detail(row(id))), chargeInvoice: () => charge.promise });
    await page.store().open();
    await page.store().askCharge(1);
    expect(page.store().chargeDialog).toMatchObject({ loadingCard: false, card: { last4: '4242' }, row: { id: 1 } });
    expect(page.bridge.argsOf('chargeInvoice')).toHaveLength(0);

    const charging = page.store().confirmCharge();
    expect(page.store().chargeDialog?.busy).toBe(true);
    expect(page.store().actions[1]?.busy).toBe(true);
    page.store().closeChargeDialog(); // refused while the charge is on its way
    expect(page.store().chargeDialog).not.toBeNull();
    await page.store().confirmCharge(); // a second click sends nothing
    page.bridge.answer({ getInvoices: () => ok(view({ rows: [paid, row(2)] })) });
    charge.resolve({ ok: true, value: { invoiceId: 1, outcome: 'paid', message: 'Paid', row: paid } });
    await charging;
    expect(page.bridge.argsOf('chargeInvoice')).toEqual([[1]]);
    expect(page.store().chargeDialog).toBeNull();
    expect(page.store().actions[1]).toEqual({ busy: false, error: null, result: { invoiceId: 1, outcome: 'paid', message: 'Paid', row: paid } });
    expect(page.store().view?.rows.find((r) => r.id === 1)?.state).toBe('paid');
    expect(page.bridge.argsOf('getInvoices')).toHaveLength(2); // main's summary counts the charge
  });

  it('a decline is a result like any other: shown in the row with its reason', async () => {
    const page = await openStore({
      getInvoices: () => ok(view()),
      getInvoiceDetail: (id) => ok(detail(row(id))),
      chargeInvoice: () => {
        page.bridge.answer({ getInvoices: () => ok(view({ rows: [row(1, { attempts: 2 })] })) });
        return ok({ invoiceId: 1, outcome: 'declined', message: 'Declined: insufficient funds', row: row(1, { attempts: 2 }) });
      },
    });
    await page.store().open();
    await page.store().askCharge(1);
    await page.store().confirmCharge();
    expect(page.store().actions[1]?.result).toMatchObject({ outcome: 'declined', message: 'Declined: insufficient funds' });
    expect(page.store().view?.rows.find((r) => r.id === 1)?.attempts).toBe(2);
  });

  it('open details are read again after a charge, with the new attempt', async () => {
    const page = await openStore({
      getInvoices: () => ok(view()),
      getInvoiceDetail: (id) => ok(detail(row(id))),
      chargeInvoice: () => {
        page.bridge.answer({ getInvoiceDetail: (id) => ok({ ...detail(row(id, { attempts: 2 })), attempts: [] }) });
        return ok({ invoiceId: 1, outcome: 'declined', message: 'Declined: insufficient funds', row: row(1, { attempts: 2 }) });
      },
    });
    await page.store().open();
    await page.store().toggleDetails(1);
    await page.store().askCharge(1); // the card comes from the open details: no second read
    expect(page.bridge.argsOf('getInvoiceDetail')).toHaveLength(1);
    await page.store().confirmCharge();
    expect(page.bridge.argsOf('getInvoiceDetail')).toHaveLength(2);
    expect(page.store().details[1]?.detail?.row.attempts).toBe(2);
  });

  it('a refused charge keeps the dialog open with the reason, and the row says so too', async () => {
    const page = await openStore({
      getInvoices: () => ok(view()),
      getInvoiceDetail: (id) => ok(detail(row(id))),
      chargeInvoice: () => failure('stripe_unreachable', '3scale did not answer; nothing was charged.'),
    });
    await page.store().open();
    await page.store().askCharge(1);
    await page.store().confirmCharge();
    expect(page.store().chargeDialog).toMatchObject({ busy: false, error: '3scale did not answer; nothing was charged.' });
    expect(page.store().actions[1]).toEqual({ busy: false, result: null, error: '3scale did not answer; nothing was charged.' });
  });

  it('when the card cannot be read, the dialog says so; an invoice paid in Stripe is never offered', async () => {
    const page = await openStore({
      getInvoices: () => ok(view({ rows: [row(1), row(3, { paidInStripe: payment({ id: 'pi_paid', status: 'succeeded' }) })] })),
      getInvoiceDetail: () => failure('stripe_unreachable', '3scale did not answer.'),
    });
    await page.store().open();
    await page.store().askCharge(1);
    expect(page.store().chargeDialog?.error).toBe('The card 3scale holds could not be read: 3scale did not answer.');
    page.store().closeChargeDialog();
    await page.store().askCharge(3);
    expect(page.store().chargeDialog).toBeNull();
    expect(page.bridge.argsOf('getInvoiceDetail')).toHaveLength(1);
  });
});

describe('Mark as paid in 3scale', () => {
  const paidInStripe = row(3, { state: 'unpaid', paidInStripe: payment({ id: 'pi_paid', status: 'succeeded', declineCode: null, declineText: null }) });

  it('is offered for an invoice paid in Stripe only, and sends the PaymentIntent shown', async () => {
    const marked = { ...paidInStripe, state: 'paid' as const, paidInStripe: null };
    const page = await openStore({
      getInvoices: () => ok(view({ rows: [row(1), paidInStripe] })),
      markInvoicePaid: () => {
        page.bridge.answer({ getInvoices: () => ok(view({ rows: [row(1), marked] })) });
        return ok({ invoiceId: 3, outcome: 'paid', message: 'Marked as paid in 3scale', row: marked });
      },
    });
    await page.store().open();
    page.store().askMarkPaid(1);
    expect(page.store().markPaidDialog).toBeNull();
    page.store().askMarkPaid(3);
    expect(page.store().markPaidDialog?.row.paidInStripe?.id).toBe('pi_paid');
    await page.store().confirmMarkPaid();
    expect(page.bridge.argsOf('markInvoicePaid')).toEqual([[{ invoiceId: 3, paymentIntentId: 'pi_paid' }]]);
    expect(page.store().markPaidDialog).toBeNull();
    expect(page.store().view?.rows.find((r) => r.id === 3)?.state).toBe('paid');
    expect(page.store().actions[3]?.result?.message).toBe('Marked as paid in 3scale');
  });

  it('a refusal stays in the dialog', async () => {
    const page = await openStore({
      getInvoices: () => ok(view({ rows: [paidInStripe] })),
      markInvoicePaid: () => failure('invalid_input', 'Cannot transition to paid'),
    });
    await page.store().open();
    page.store().askMarkPaid(3);
    await page.store().confirmMarkPaid();
    expect(page.store().markPaidDialog).toMatchObject({ busy: false, error: 'Cannot transition to paid' });
  });
});
