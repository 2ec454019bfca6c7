// Loads a month of invoices with what both sides know: 3scale's invoices and buyer
// accounts in pages of 500, the payment transactions of the invoices that may be charged,
// and Stripe's PaymentIntents since the month began in pages of 100 (cards expanded) —
// then, one by one, only the referenced PaymentIntents those pages did not hold.

import type { InvoicesLoadState } from '../../common/contract/invoices';
import { customersByAccount, PaymentIndex } from './invoice-join';
import type { ServiceGate } from './service-gate';
import type { StripePayments } from './stripe-payments';
import { CHARGEABLE_STATES } from './exclusions';
import type { BillingInvoice, BillingTransaction, BuyerAccount, ThreescaleBilling } from './threescale-billing';

export interface LoadedInvoice {
  invoice: BillingInvoice;
  /** The page of the listing (same month filter, 500 a page) it was on: the run re-reads it there. */
  listPage: number;
  transactions: BillingTransaction[] | null;
}

export interface LoadedInvoices {
  month: string | null;
  invoices: Map<number, LoadedInvoice>;
  accounts: Map<number, BuyerAccount>;
  index: PaymentIndex;
  customers: Map<number, Set<string>>;
  /** Unix seconds: PaymentIntents created since then were listed. */
  paymentsSince: number;
  loadedAt: string;
}

export interface LoaderDeps {
  billing: ThreescaleBilling;
  payments: StripePayments;
  /** 3scale's gate; Stripe's is inside `payments`. */
  threescale: ServiceGate;
  signal: AbortSignal;
  /** The 3scale provider's account id, to read customers' account references. */
  providerId: string;
  /** Told once the invoices, accounts and Stripe's payments are in, before the transactions (rows can be shown). */
  onPartial?: (loaded: LoadedInvoices) => void;
  onProgress: (progress: NonNullable<InvoicesLoadState['progress']>) => void;
  now: () => Date;
  /** Transactions read at once (they are limited by the 3scale gate anyway). */
  concurrency?: number;
}

/** Unix seconds of a month's first day, a day early for time zones; null month: the oldest invoice's. */
export function sinceFor(month: string | null, invoices: Iterable<BillingInvoice>): number {
  let first = month;
  if (!first) for (const invoice of invoices) if (!first || invoice.month < first) first = invoice.month;
  if (!first) return Math.floor(Date.now() / 1000) - 86_400;
  return Math.floor(Date.parse(`${first}-01T00:00:00Z`) / 1000) - 86_400;
}

export async function mapLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Adds the customers whose 3scale account reference names one of this provider's developer accounts. */
export function withReferencedCustomers(customers: Map<number, Set<string>>, index: PaymentIndex, providerId: string): Map<number, Set<string>> {
  const prefix = `3scale-${providerId}-`;
  for (const payment of index.all()) {
    const reference = payment.accountReference;
    if (!payment.customer || !reference?.startsWith(prefix)) continue;
    const accountId = Number(reference.slice(prefix.length));
    if (!Number.isInteger(accountId)) continue;
    const set = customers.get(accountId) ?? new Set<string>();
    set.add(payment.customer);
    customers.set(accountId, set);
  }
  return customers;
}

export async function loadInvoices(month: string | null, deps: LoaderDeps): Promise<LoadedInvoices> {
  const { billing, payments, threescale, signal } = deps;
  let requests = 0;
  const progress = (stage: 'invoices' | 'accounts' | 'payments', done: number, total: number | null): void =>
    deps.onProgress({ stage, done, total, requests });
  const read3 = <T>(send: () => Promise<T>): Promise<T> => {
    requests += 1;
    return threescale.run(send, 'read', signal);
  };

  const invoices = new Map<number, LoadedInvoice>();
  progress('invoices', 0, null);
  for (let page = 1, pages = 1; page <= pages; page += 1) {
    const result = await read3(() => billing.invoicePage(month, page));
    pages = result.totalPages;
    for (const invoice of result.invoices) invoices.set(invoice.id, { invoice, listPage: page, transactions: null });
    progress('invoices', invoices.size, null);
  }

  const accounts = new Map<number, BuyerAccount>();
  progress('accounts', 0, null);
  for (let page = 1, pages = 1; page <= pages; page += 1) {
    const result = await read3(() => billing.accountPage(page));
    pages = result.totalPages;
    for (const account of result.accounts) accounts.set(account.id, account);
    progress('accounts', accounts.size, null);
  }

  const since = sinceFor(month, [...invoices.values()].map((i) => i.invoice));
  const index = new PaymentIndex();
  const open = [...invoices.values()].filter((loaded) => CHARGEABLE_STATES.includes(loaded.invoice.state));
  const total = open.length;
  let done = 0;
  progress('payments', 0, total);
  const listed = await payments.listSince(since, undefined, signal);
  signal.throwIfAborted(); // cancelled during the listing: no partial rows
  requests += Math.max(1, Math.ceil(listed.length / 100));
  for (const payment of listed) index.add(payment);
  const result: LoadedInvoices = {
    month,
    invoices,
    accounts,
    index,
    customers: withReferencedCustomers(customersByAccount(invoices.values(), index), index, deps.providerId),
    paymentsSince: since,
    loadedAt: deps.now().toISOString(),
  };
  // The rows can be shown now; 3scale's transactions (one request per invoice) fill in as they come.
  deps.onPartial?.(result);
  await mapLimited(open, deps.concurrency ?? 8, async (loaded) => {
    loaded.transactions = await read3(() => billing.transactions(loaded.invoice.id));
    done += 1;
    progress('payments', done, total);
  });

  // References the listing did not hold (older than the month, or created elsewhere).
  // A declined attempt's reference is its charge (ch_…): read back to its PaymentIntent, unless
  // the invoice's PaymentIntents are already known (3scale's retries confirm the same one).
  const missing = new Set<string>();
  for (const loaded of open) {
    const known = index.forInvoice(loaded.invoice, loaded.transactions, new Set()).length > 0;
    for (const t of loaded.transactions ?? []) {
      if (!t.reference || index.get(t.reference)) continue;
      if (t.reference.startsWith('pi_') || (t.reference.startsWith('ch_') && !known)) missing.add(t.reference);
    }
  }
  await mapLimited([...missing], 4, async (id) => {
    if (index.get(id)) return;
    signal.throwIfAborted();
    requests += id.startsWith('ch_') ? 2 : 1;
    const payment = id.startsWith('ch_') ? await payments.retrieveByCharge(id) : await payments.retrieve(id);
    if (payment) index.add(payment);
  });
  result.customers = withReferencedCustomers(customersByAccount(invoices.values(), index), index, deps.providerId);
  result.loadedAt = deps.now().toISOString();
  return result;
}
