// 3scale's Billing API and the buyer accounts, as the Invoices screen reads and writes them
// (porta: finance/api/{invoices,line_items,payment_transactions}_controller.rb and the
// invoice / account / payment transaction representers). Answers are checked as they are
// read, so a shape 3scale never sends fails with a clear message instead of a wrong row.

import { ThreescaleError, type ThreescaleClient } from '../threescale/threescale-client';
import type { InvoiceState } from '../../common/contract/invoices';
import { INVOICE_STATES } from '../../common/contract/invoices';

export interface BillingInvoice {
  id: number;
  friendlyId: string;
  accountId: number;
  state: InvoiceState;
  /** In currency units, as 3scale renders it (a float with two decimals). */
  cost: number;
  /** Upper case; '' when 3scale sends none and its listing says nothing either (see parseInvoice). */
  currency: string;
  /** "YYYY-MM" of the period's first day. */
  month: string;
  issuedOn: string | null;
  dueOn: string | null;
  paidAt: string | null;
  updatedAt: string | null;
}

export interface BuyerAccount {
  id: number;
  orgName: string | null;
  cardStored: boolean;
  cardLast4: string | null;
  /** 'YYYY-MM-DD', the first day of the expiry month (Date.new(exp_year, exp_month)). */
  cardExpiresOn: string | null;
  monthlyChargingEnabled: boolean;
}

export interface BillingTransaction {
  id: number;
  createdAt: string;
  success: boolean;
  message: string | null;
  amount: number;
  currency: string;
  reference: string | null;
}

export interface BillingLineItem {
  id: number;
  name: string;
  description: string | null;
  quantity: number | null;
  cost: number;
}

/** 3scale's answer to POST charge.json, told apart by what 3scale says. */
export type ChargeAnswer =
  | { kind: 'paid'; invoice: BillingInvoice }
  /** 422 "Failed to charge the credit card.": the attempt failed (declined, needs action) or could not start. */
  | { kind: 'failed'; message: string }
  /** 422 "Invoice N is not in chargeable state!": paid, cancelled or otherwise moved meanwhile. */
  | { kind: 'not_chargeable'; message: string };

type Json = Record<string, unknown>;

function bad(what: string): ThreescaleError {
  return new ThreescaleError('bad_response', `3scale answered with ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} Billing Desk does not recognise.`, null);
}

/** One invoice Billing Desk cannot use, named, with the reason (the listing it is on fails with it). */
function unusableInvoice(id: number, why: string): ThreescaleError {
  return new ThreescaleError('bad_response', `3scale sent invoice ${id} ${why}, so Billing Desk cannot show or charge it.`, null);
}

function record(value: unknown, key: string): Json {
  const inner = (value as Json | null)?.[key];
  if (!inner || typeof inner !== 'object') throw bad(key);
  return inner as Json;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function linkId(links: unknown, rel: string): number | null {
  if (!Array.isArray(links)) return null;
  for (const link of links as Json[]) {
    if (link['rel'] === rel && typeof link['href'] === 'string') {
      const match = /\/(\d+)(?:\.json)?$/.exec(link['href']);
      if (match?.[1]) return Number(match[1]);
    }
  }
  return null;
}

/**
 * One `{"invoice": {…}}`. `currency` is '' when 3scale sends none: porta renders the provider's
 * currency for open and finalized invoices and the one frozen at issue for the rest, so an
 * invoice cancelled before it was issued has none (invoicePage gives it the provider's).
 */
export function parseInvoice(wrapper: unknown): BillingInvoice {
  const invoice = record(wrapper, 'invoice');
  const id = num(invoice['id']);
  if (id === null) throw bad('invoice');
  const accountId = linkId(invoice['links'], 'account');
  const state = invoice['state'];
  const cost = num(invoice['cost']);
  const period = invoice['period'] as Json | undefined;
  const begin = text(period?.['begin']);
  if (accountId === null) throw unusableInvoice(id, 'without the developer account it belongs to (no "account" link)');
  if (cost === null) throw unusableInvoice(id, 'without its cost');
  if (!INVOICE_STATES.includes(state as InvoiceState)) {
    throw unusableInvoice(id, `in state “${typeof state === 'string' ? state : String(state)}”, which is none of 3scale's invoice states (${INVOICE_STATES.join(', ')})`);
  }
  return {
    id,
    friendlyId: text(invoice['friendly_id']) ?? String(id),
    accountId,
    state: state as InvoiceState,
    cost,
    currency: (text(invoice['currency']) ?? '').toUpperCase(),
    month: begin ? begin.slice(0, 7) : (text(invoice['issued_on']) ?? '').slice(0, 7),
    issuedOn: text(invoice['issued_on']),
    dueOn: text(invoice['due_on']),
    paidAt: text(invoice['paid_at']),
    updatedAt: text(invoice['updated_at']),
  };
}

export function parseAccount(wrapper: unknown): BuyerAccount {
  const account = record(wrapper, 'account');
  const id = num(account['id']);
  if (id === null) throw bad('account');
  return {
    id,
    orgName: text(account['org_name']),
    cardStored: account['credit_card_stored'] === true,
    cardLast4: text(account['credit_card_partial_number']),
    cardExpiresOn: text(account['credit_card_expires_on']),
    monthlyChargingEnabled: account['monthly_charging_enabled'] !== false,
  };
}

export function parseTransaction(wrapper: unknown): BillingTransaction {
  const t = record(wrapper, 'payment_transaction');
  const id = num(t['id']);
  if (id === null) throw bad('payment transaction');
  return {
    id,
    createdAt: text(t['created_at']) ?? '',
    success: t['success'] === true,
    message: text(t['message']),
    amount: num(t['amount']) ?? 0,
    currency: (text(t['currency']) ?? '').toUpperCase(),
    reference: text(t['reference']),
  };
}

function collection(body: unknown, root: string): { items: unknown[]; totalPages: number | null } {
  const items = (body as Json | null)?.[root];
  if (!Array.isArray(items)) throw bad(`list of ${root}`);
  const metadata = (body as Json)['metadata'] as Json | undefined;
  return { items, totalPages: num(metadata?.['total_pages']) };
}

/**
 * Invoices without a currency (cancelled before they were issued) get the provider's: the
 * currency porta renders for an open or finalized invoice of the same listing, else the one
 * currency all the others share; else they keep none rather than a guessed one.
 */
export function withProviderCurrency(invoices: BillingInvoice[]): BillingInvoice[] {
  if (!invoices.some((invoice) => invoice.currency === '')) return invoices;
  const current = invoices.find((invoice) => (invoice.state === 'open' || invoice.state === 'finalized') && invoice.currency !== '');
  const others = new Set(invoices.map((invoice) => invoice.currency).filter((currency) => currency !== ''));
  const provider = current?.currency ?? (others.size === 1 ? [...others][0] : undefined);
  return provider ? invoices.map((invoice) => (invoice.currency === '' ? { ...invoice, currency: provider } : invoice)) : invoices;
}

/** 500 is the most 3scale gives in one page of invoices or accounts. */
export const PAGE_SIZE = 500;

export class ThreescaleBilling {
  constructor(private readonly client: ThreescaleClient) {}

  get domain(): string {
    return this.client.domain;
  }

  /** One page of the invoices of a month (null: every month), in id order. */
  async invoicePage(month: string | null, page: number, perPage = PAGE_SIZE): Promise<{ invoices: BillingInvoice[]; totalPages: number }> {
    const body = await this.client.get('/api/invoices.json', { page, per_page: perPage, ...(month ? { month } : {}) });
    const { items, totalPages } = collection(body, 'invoices');
    return { invoices: withProviderCurrency(items.map(parseInvoice)), totalPages: totalPages ?? 1 };
  }

  async accountPage(page: number, perPage = PAGE_SIZE): Promise<{ accounts: BuyerAccount[]; totalPages: number }> {
    const body = await this.client.get('/admin/api/accounts.json', { page, per_page: perPage });
    const { items, totalPages } = collection(body, 'accounts');
    return { accounts: items.map(parseAccount), totalPages: totalPages ?? 1 };
  }

  async account(id: number): Promise<BuyerAccount> {
    return parseAccount(await this.client.get(`/admin/api/accounts/${id}.json`));
  }

  async invoice(id: number): Promise<BillingInvoice> {
    return parseInvoice(await this.client.get(`/api/invoices/${id}.json`));
  }

  async transactions(invoiceId: number): Promise<BillingTransaction[]> {
    const body = await this.client.get(`/api/invoices/${invoiceId}/payment_transactions.json`);
    return collection(body, 'payment_transactions').items.map(parseTransaction);
  }

  async lineItems(invoiceId: number): Promise<BillingLineItem[]> {
    const body = await this.client.get(`/api/invoices/${invoiceId}/line_items.json`);
    return collection(body, 'line_items').items.map((wrapper) => {
      const item = record(wrapper, 'line_item');
      return {
        id: num(item['id']) ?? 0,
        name: text(item['name']) ?? '',
        description: text(item['description']),
        quantity: num(item['quantity']),
        cost: num(item['cost']) ?? 0,
      };
    });
  }

  /** POST charge.json: 3scale charges the card it holds through its gateway (one PaymentIntent per attempt). */
  async charge(invoiceId: number): Promise<ChargeAnswer> {
    try {
      return { kind: 'paid', invoice: parseInvoice(await this.client.post(`/api/invoices/${invoiceId}/charge.json`)) };
    } catch (error) {
      if (error instanceof ThreescaleError && error.status === 422) {
        const said = error.detail ?? '';
        if (/not in chargeable state/i.test(said)) return { kind: 'not_chargeable', message: said };
        return { kind: 'failed', message: said || 'Failed to charge the credit card.' };
      }
      throw error;
    }
  }

  /** PUT state.json state=paid (Invoice#pay: from unpaid, pending or failed). */
  async markPaid(invoiceId: number): Promise<BillingInvoice> {
    return parseInvoice(await this.client.put(`/api/invoices/${invoiceId}/state.json`, { state: 'paid' }));
  }
}
