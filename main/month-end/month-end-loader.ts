// Reads one month for the month-end report, by lists only (never one request per object):
// - 3scale: the month's invoices (Billing API, `month=`, 500 a page: page 1, then the rest at
//   once), the buyer accounts for the organisations' names, the provider's name. 3scale's
//   payment transactions are one request per invoice, so they are not read: Stripe's
//   PaymentIntents carry the invoice id (metadata.order_id) and 3scale's description.
// - Stripe: the PaymentIntents of the payments month (a day before it to some days after, for
//   time zones and late retries), cut by density into pieces paged side by side (density-list.ts),
//   each with its latest charge and that charge's balance transaction expanded; the refunds and disputes since the
//   month began (disputes carry their balance transactions); the payouts of the period and,
//   per payout, its balance transactions (`?payout=`), which say which payout carried what.
// Each service has its own gate (client-side rate limit, retries of reads). Stripe is read as
// soon as 3scale's first page says which month the invoices were charged in.

import { setMaxListeners } from 'node:events';
import type Stripe from 'stripe';
import type { MonthEndLoadState } from '../../common/contract/month-end';
import { mapLimited } from '../invoices/invoice-loader';
import type { ServiceGate } from '../invoices/service-gate';
import type { BillingInvoice, ThreescaleBilling } from '../invoices/threescale-billing';
import type { ThreescaleClient } from '../threescale/threescale-client';
import { monthBounds, type InvoiceInput, type MonthEndInput, type StripeBalanceTransactionInput } from './month-end-inputs';
import { listByDensity } from './density-list';
import { balanceTransactionInput, chargeInput, disputeInput, intentInput, payoutInput, refundInput } from './stripe-objects';

const DAY = 86_400;
/** PaymentIntents are read from a day before the payments month (time zones)… */
const LEAD_DAYS = 1;
/** …to this many days after it (late retries), and payouts created up to then (weekly payouts of the month's last days). */
const TAIL_DAYS = 10;
/** Stripe's largest page. */
const STRIPE_PAGE = 100;

export type MonthEndProgress = NonNullable<MonthEndLoadState['progress']>;

export interface MonthEndSources {
  billing: ThreescaleBilling;
  /** For the provider's name (GET /admin/api/provider.json). */
  threescaleClient: Pick<ThreescaleClient, 'get'>;
  stripe: Stripe;
  threescaleGate: ServiceGate;
  stripeGate: ServiceGate;
}

export interface MonthEndLoadOptions {
  signal: AbortSignal;
  onProgress?: (progress: MonthEndProgress) => void;
  /** Lists paged at once per service (the gates set the pace; this only keeps them busy). */
  concurrency?: number;
}

export interface MonthEndLoad {
  input: MonthEndInput;
  provider: string | null;
  requests: { threescale: number; stripe: number };
}

/**
 * The month the invoices were charged in: 3scale issues a postpaid month's invoices after it,
 * prepaid ones at its start. The month most invoices are due in, when it is later; else the same.
 */
export function paymentsMonthOf(month: string, invoices: readonly BillingInvoice[]): string {
  const votes = new Map<string, number>();
  for (const invoice of invoices) {
    const due = (invoice.dueOn ?? invoice.issuedOn ?? '').slice(0, 7);
    if (/^\d{4}-\d{2}$/.test(due)) votes.set(due, (votes.get(due) ?? 0) + 1);
  }
  let best = month;
  let bestVotes = 0;
  for (const [candidate, count] of votes) if (count > bestVotes) [best, bestVotes] = [candidate, count];
  return best > month ? best : month;
}

function providerName(body: unknown): string | null {
  const account = (body as { account?: { org_name?: unknown } } | null)?.account;
  return typeof account?.org_name === 'string' && account.org_name !== '' ? account.org_name : null;
}

export async function loadMonthEnd(month: string, sources: MonthEndSources, options: MonthEndLoadOptions): Promise<MonthEndLoad> {
  const { billing, stripe, threescaleGate, stripeGate } = sources;
  const { signal } = options;
  // Every list paged at once waits on it (rate gate, backoff): more than Node's default 10 listeners.
  setMaxListeners(200, signal);
  const concurrency = options.concurrency ?? 12;
  const requests = { threescale: 0, stripe: 0 };
  let stage: MonthEndProgress['stage'] = 'invoices';
  let done = 0;
  let total: number | null = null;
  const progress = (next: MonthEndProgress['stage'], nextDone: number, nextTotal: number | null): void => {
    stage = next;
    done = nextDone;
    total = nextTotal;
    options.onProgress?.({ stage, done, total, requests: requests.threescale + requests.stripe });
  };
  const read3 = <T>(send: () => Promise<T>): Promise<T> => {
    requests.threescale += 1;
    return threescaleGate.run(send, 'read', signal);
  };
  const readStripe = <T>(send: () => Promise<T>): Promise<T> => {
    requests.stripe += 1;
    return stripeGate.run(send, 'read', signal);
  };
  /** Every object of one Stripe list, page after page. */
  const listAll = async <T extends { id: string }>(page: (startingAfter: string | undefined) => Promise<Stripe.ApiList<T>>, onPage?: () => void): Promise<T[]> => {
    const out: T[] = [];
    for (let after: string | undefined; ; ) {
      const result = await readStripe(() => page(after));
      out.push(...result.data);
      onPage?.();
      const last = result.data[result.data.length - 1];
      if (!result.has_more || !last) return out;
      after = last.id;
    }
  };
  const cursor = (after: string | undefined) => (after ? { starting_after: after } : {});

  // 3scale: the invoices' first page says how many pages there are (the rest come at once while
  // Stripe is read) and, by its due dates, which month they were charged in.
  progress('invoices', 0, null);
  const first = await read3(() => billing.invoicePage(month, 1));
  const invoices: BillingInvoice[][] = [first.invoices];
  progress('invoices', first.invoices.length, null);
  const paymentsMonth = paymentsMonthOf(month, first.invoices);
  const more = Array.from({ length: Math.max(0, first.totalPages - 1) }, (_, i) => i + 2);
  const restOfInvoices = mapLimited(more, concurrency, async (page) => {
    const result = await read3(() => billing.invoicePage(month, page));
    invoices[page - 1] = result.invoices;
  });

  // 3scale's names (accounts, provider) while Stripe is read: each service has its own limit.
  const names = (async () => {
    const organisations = new Map<number, string | null>();
    const provider = await read3(() => sources.threescaleClient.get('/admin/api/provider.json')).then(providerName, () => null);
    if (first.invoices.length === 0) return { organisations, provider };
    const firstAccounts = await read3(() => billing.accountPage(1));
    for (const account of firstAccounts.accounts) organisations.set(account.id, account.orgName);
    const pages = Array.from({ length: Math.max(0, firstAccounts.totalPages - 1) }, (_, i) => i + 2);
    await mapLimited(pages, concurrency, async (page) => {
      const result = await read3(() => billing.accountPage(page));
      for (const account of result.accounts) organisations.set(account.id, account.orgName);
    });
    return { organisations, provider };
  })();

  const { start, end } = monthBounds(paymentsMonth);
  const from = start - LEAD_DAYS * DAY;
  const to = end + TAIL_DAYS * DAY;
  let stripePages = 0;
  const stripePage = (): void => {
    stripePages += 1;
    progress(stage, stripePages, null);
  };

  progress('payments', 0, null);
  // Which payout carried what: each payout's balance transactions, listed by payout.
  const carriedBy = new Map<string, Stripe.BalanceTransaction[]>();
  let payoutsDone = 0;
  const payoutsAndCarried = async (): Promise<Stripe.Payout[]> => {
    const payouts = await listAll((after) => stripe.payouts.list({ created: { gte: from, lt: to }, limit: STRIPE_PAGE, ...cursor(after) }), stripePage);
    await mapLimited(payouts, concurrency, async (payout) => {
      carriedBy.set(payout.id, await listAll((after) => stripe.balanceTransactions.list({ payout: payout.id, limit: STRIPE_PAGE, ...cursor(after) }), stripePage));
      payoutsDone += 1;
      if (payoutsDone === payouts.length) progress('payouts', payoutsDone, payouts.length);
    });
    return payouts;
  };
  const [intents, refunds, disputes, payouts] = await Promise.all([
    listByDensity(
      (params) =>
        readStripe(() => stripe.paymentIntents.list({ ...params, limit: STRIPE_PAGE, expand: ['data.latest_charge.balance_transaction'] })).then((page) => {
          stripePage();
          return page;
        }),
      from,
      to,
    ),
    listAll((after) => stripe.refunds.list({ created: { gte: from }, limit: STRIPE_PAGE, ...cursor(after) }), stripePage),
    listAll((after) => stripe.disputes.list({ created: { gte: from }, limit: STRIPE_PAGE, ...cursor(after) }), stripePage),
    payoutsAndCarried(),
    restOfInvoices,
  ]);
  const allInvoices = invoices.flat();
  progress('invoices', allInvoices.length, allInvoices.length);

  const transactions = new Map<string, StripeBalanceTransactionInput>();
  const charges = intents.flatMap((intent) => (intent.latest_charge && typeof intent.latest_charge === 'object' ? [intent.latest_charge] : []));
  for (const charge of charges) {
    const txn = charge.balance_transaction;
    if (txn && typeof txn === 'object') transactions.set(txn.id, balanceTransactionInput(txn, null));
  }
  for (const dispute of disputes) for (const txn of dispute.balance_transactions) transactions.set(txn.id, balanceTransactionInput(txn, null));
  for (const [payout, carried] of carriedBy) for (const txn of carried) if (txn.type !== 'payout') transactions.set(txn.id, balanceTransactionInput(txn, payout));
  const { organisations, provider } = await names;

  const invoiceInputs: InvoiceInput[] = allInvoices.map((invoice) => ({
    invoice: {
      id: invoice.id,
      friendlyId: invoice.friendlyId,
      accountId: invoice.accountId,
      state: invoice.state,
      cost: invoice.cost,
      currency: invoice.currency,
      month: invoice.month,
      paidAt: invoice.paidAt,
    },
    organisation: organisations.get(invoice.accountId) ?? null,
    transactions: null,
  }));
  return {
    input: {
      month,
      paymentsMonth,
      invoices: invoiceInputs,
      stripe: {
        intents: intents.map(intentInput),
        charges: charges.map(chargeInput),
        balanceTransactions: [...transactions.values()],
        refunds: refunds.map(refundInput),
        disputes: disputes.map(disputeInput),
        payouts: payouts.map(payoutInput),
      },
    },
    provider,
    requests,
  };
}
