import { describe, expect, it } from 'vitest';
import { monthPayouts, totalsByCurrency } from '../../../../main/month-end/month-end-totals';
import { reconcile } from '../../../../main/month-end/reconcile';
import { at, MonthBuilder, octoberScenario, standardFee } from './month-end-builder';

describe('totals per currency', () => {
  const scenario = octoberScenario();
  const reconciliation = reconcile(scenario.b.input());
  const totals = totalsByCurrency(reconciliation);
  const of = (currency: string) => totals.find((t) => t.currency === currency);

  it('one line per currency, never added across currencies', () => {
    expect(totals.map((t) => t.currency)).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
  });

  it('EUR: invoiced, collected, fees (dispute fees included), refunded, disputed, net, outstanding, other business', () => {
    const processing = [4_000, 3_000, 9_000, 6_000, 8_000, 7_000, 2_500, 1_200, 1_200].reduce((sum, amount) => sum + standardFee(amount), 0);
    expect(of('EUR')).toEqual({
      currency: 'EUR',
      invoiceCount: 14,
      // Every EUR invoice but the cancelled 5.00.
      invoicedMinor: 57_700,
      // Paid-in-Stripe-only (30.00) is money in; the USD payment of invoice 5 is counted in USD.
      collectedGrossMinor: 41_900,
      feesMinor: processing + 1_500,
      disputeFeesMinor: 1_500,
      refundedMinor: 2_000,
      disputedMinor: 8_000,
      netMinor: 41_900 - processing - 1_500 - 2_000 - 8_000,
      outstandingUnpaidMinor: 1_000,
      outstandingFailedMinor: 4_500,
      outstandingNeedsActionMinor: 3_500,
      otherBusinessMinor: 9_900 + 1_100,
    });
  });

  it('the net is what the balance transactions of the month’s invoices add up to', () => {
    const eur = reconciliation.invoices.filter((i) => i.row.currency === 'EUR' && i.row.invoiceId !== 5).flatMap((i) => i.transactions);
    expect(eur.reduce((sum, t) => sum + t.net, 0)).toBe(of('EUR')?.netMinor);
  });

  it('GBP, JPY and the USD collected for a EUR invoice', () => {
    expect(of('GBP')).toMatchObject({ invoiceCount: 2, invoicedMinor: 7_000, collectedGrossMinor: 7_000, feesMinor: standardFee(3_000) + standardFee(4_000), netMinor: 7_000 - standardFee(3_000) - standardFee(4_000) });
    expect(of('JPY')).toMatchObject({ invoiceCount: 1, invoicedMinor: 5_000, collectedGrossMinor: 5_000, netMinor: 5_000 - standardFee(5_000) });
    expect(of('USD')).toMatchObject({ invoiceCount: 0, invoicedMinor: 0, collectedGrossMinor: 2_000, feesMinor: standardFee(2_000) });
  });

  it('payouts that carried the month’s money, with the month’s share', () => {
    const payouts = monthPayouts(reconciliation);
    expect(payouts.map((p) => p.id)).toEqual([scenario.payouts.eurPayout, scenario.payouts.gbpPayout]);
    const eurNet = [4_000, 2_500, 1_200, 1_200].reduce((sum, amount) => sum + amount - standardFee(amount), 0);
    expect(payouts[0]).toMatchObject({ currency: 'EUR', amountMinor: eurNet, fromMonthMinor: eurNet, status: 'paid' });
  });
});

// Stripe settles a charge in the account's currency: a USD payment on a EUR account has its
// balance transaction (amount, fee, net) in EUR (BalanceTransaction.currency, exchange_rate).
describe('a payment settled in another currency than it was charged in', () => {
  const b = new MonthBuilder();
  const invoice = b.invoice({ id: 1, state: 'paid', cost: 100, currency: 'USD' });
  const attempt = b.attempt(invoice, { when: at(2), outcome: 'succeeded' });
  const txn = attempt.txn as NonNullable<typeof attempt.txn>;
  // Converted at 0.92: 92.00 EUR, of which Stripe kept 2.97 EUR.
  Object.assign(txn, { currency: 'eur', amount: 9_200, fee: 297, net: 8_903 });
  const charge = attempt.charge as NonNullable<typeof attempt.charge>;
  const dispute = b.dispute(charge, 'lost', at(12));
  for (const d of dispute) Object.assign(d, { currency: 'eur', amount: -9_200, net: -10_700 });
  const reconciliation = reconcile(b.input());
  const totals = totalsByCurrency(reconciliation);
  const of = (currency: string) => totals.find((t) => t.currency === currency);

  it('never takes EUR fees or withdrawals from a USD figure', () => {
    const row = reconciliation.invoices[0]?.row;
    expect(row).toMatchObject({ currency: 'USD', collectedMinor: 10_000, feeMinor: 0, disputedMinor: 10_000, netMinor: 0 });
    expect(of('USD')).toMatchObject({ collectedGrossMinor: 10_000, feesMinor: 0, disputeFeesMinor: 0, disputedMinor: 10_000, netMinor: 0 });
  });

  it('counts the fees in the currency Stripe took them in', () => {
    expect(of('EUR')).toMatchObject({ invoiceCount: 0, invoicedMinor: 0, collectedGrossMinor: 0, feesMinor: 297 + 1_500, disputeFeesMinor: 1_500, netMinor: -(297 + 1_500) });
  });
});
