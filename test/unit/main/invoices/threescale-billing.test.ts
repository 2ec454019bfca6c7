// 3scale's Billing API answers as porta's representers really render them (hand-written,
// no real data): InvoiceRepresenter (cost/vat as floats, vat_rate null, period a Month as
// {begin, end}, nil properties left out), times in the provider's time zone (porta sets
// Time.zone per request: "+01:00", not "Z"), states of Invoice's state machine.
import { describe, expect, it } from 'vitest';
import { ThreescaleError } from '../../../../main/threescale/threescale-client';
import type { ThreescaleClient } from '../../../../main/threescale/threescale-client';
import { parseAccount, parseInvoice, parseTransaction, ThreescaleBilling } from '../../../../main/invoices/threescale-billing';

const BASE = 'https://acme-admin.3scale.net';

function invoiceJson(fields: Record<string, unknown>): { invoice: Record<string, unknown> } {
  const id = fields['id'] as number;
  return {
    invoice: {
      created_at: '2026-10-01T02:00:00+02:00',
      updated_at: '2026-11-03T09:15:42+01:00',
      vat_rate: null,
      vat_amount: 0.0,
      period: { begin: '2026-10-01', end: '2026-10-31' },
      creation_type: 'background',
      links: [
        { rel: 'account', href: `${BASE}/admin/api/accounts/2445582535751` },
        { rel: 'self', href: `${BASE}/api/invoices/${id}` },
        { rel: 'payment_transactions', href: `${BASE}/api/invoices/${id}/payment_transactions` },
        { rel: 'line_items', href: `${BASE}/api/invoices/${id}/line_items` },
      ],
      ...fields,
    },
  };
}

/** Issued, then paid by the card: every date set, the provider in Central European Time. */
const PAID = invoiceJson({
  id: 2447770001,
  friendly_id: '2026-10-00000042',
  state: 'paid',
  paid_at: '2026-11-03T09:15:42+01:00',
  due_on: '2026-11-03',
  issued_on: '2026-11-01',
  currency: 'EUR',
  cost: 119.0,
  cost_without_vat: 119.0,
});

/** Cancelled while still open: never issued, so porta has no issued_on, due_on nor a frozen currency (nil, left out). */
const CANCELLED_OPEN = invoiceJson({ id: 2447770002, friendly_id: '2026-10-00000043', state: 'cancelled', cost: 49.0, cost_without_vat: 49.0 });

/** Open: porta renders the provider's currency for open and finalized invoices. */
const OPEN = invoiceJson({ id: 2447770003, friendly_id: '2026-10-00000044', state: 'open', currency: 'USD', cost: 10.5, cost_without_vat: 10.5 });

function clientAnswering(answers: Record<string, unknown>): ThreescaleClient {
  const answer = (path: string) => {
    if (!(path in answers)) throw new Error(`unexpected ${path}`);
    return Promise.resolve(answers[path]);
  };
  return { domain: 'acme-admin.3scale.net', get: answer, post: answer, put: answer } as unknown as ThreescaleClient;
}

describe("3scale's invoices as porta renders them", () => {
  it('reads a paid invoice whose times carry the provider’s zone', () => {
    expect(parseInvoice(PAID)).toEqual({
      id: 2447770001,
      friendlyId: '2026-10-00000042',
      accountId: 2445582535751,
      state: 'paid',
      cost: 119,
      currency: 'EUR',
      month: '2026-10',
      issuedOn: '2026-11-01',
      dueOn: '2026-11-03',
      paidAt: '2026-11-03T09:15:42+01:00',
      updatedAt: '2026-11-03T09:15:42+01:00',
    });
  });

  it('never labels an invoice without a currency as EUR: the listing gives it the provider’s, from an open invoice', async () => {
    const billing = new ThreescaleBilling(clientAnswering({ '/api/invoices.json': { invoices: [CANCELLED_OPEN, OPEN] } }));
    const { invoices } = await billing.invoicePage('2026-10', 1);
    expect(invoices.map((i) => [i.state, i.currency, i.issuedOn, i.dueOn])).toEqual([
      ['cancelled', 'USD', null, null],
      ['open', 'USD', null, null],
    ]);
    // Alone, nothing says which currency it was: none rather than a guess.
    expect(parseInvoice(CANCELLED_OPEN).currency).toBe('');
  });

  it('refuses an invoice it cannot use with a message that names it and says why', () => {
    const orphan = invoiceJson({ id: 2447770009, state: 'pending', currency: 'EUR', cost: 5.0 });
    orphan.invoice['links'] = [{ rel: 'self', href: `${BASE}/api/invoices/2447770009` }];
    expect(() => parseInvoice(orphan)).toThrow(ThreescaleError);
    expect(() => parseInvoice(orphan)).toThrow(/invoice 2447770009.*developer account/i);
    const unknownState = invoiceJson({ id: 2447770010, state: 'archived', currency: 'EUR', cost: 5.0 });
    expect(() => parseInvoice(unknownState)).toThrow(/invoice 2447770010.*state “archived”/i);
  });

  it('reads a payment transaction of a non-Stripe attempt (no reference) with a zoned time', () => {
    const t = parseTransaction({
      payment_transaction: {
        id: 31,
        created_at: '2026-11-01T00:30:00-08:00',
        updated_at: '2026-11-01T00:30:00-08:00',
        success: false,
        amount: 119.0,
        currency: 'EUR',
        action: 'purchase',
        message: 'Your card was declined.',
        test: false,
        links: [{ rel: 'invoice', href: `${BASE}/api/invoices/2447770001` }],
      },
    });
    expect(t).toEqual({ id: 31, createdAt: '2026-11-01T00:30:00-08:00', success: false, message: 'Your card was declined.', amount: 119, currency: 'EUR', reference: null });
  });
});

describe("3scale's buyer accounts as AccountRepresenter renders them", () => {
  it('reads an account scheduled for deletion without a card (no partial number nor expiry rendered)', () => {
    const account = parseAccount({
      account: {
        id: 2445582535751,
        created_at: '2025-01-10T10:00:00+01:00',
        updated_at: '2026-11-02T10:00:00+01:00',
        deletion_date: '2026-12-02T10:00:00+01:00',
        credit_card_stored: false,
        monthly_billing_enabled: true,
        monthly_charging_enabled: false,
        state: 'scheduled_for_deletion',
        annotations: {},
        org_name: 'Globex',
        extra_fields: {},
        links: [],
      },
    });
    expect(account).toEqual({ id: 2445582535751, orgName: 'Globex', cardStored: false, cardLast4: null, cardExpiresOn: null, monthlyChargingEnabled: false });
  });
});
