import { describe, expect, it } from 'vitest';
import type { ClosedMonth } from '../../../../common/contract/month-end';
import { diffClosedMonth } from '../../../../main/month-end/closed-month';
import { buildMonthEndReport } from '../../../../main/month-end/month-end-report';
import { at, octoberScenario, standardFee } from './month-end-builder';

const context = { mode: 'test' as const, provider: 'Acme', loadedAt: '2026-11-01T09:00:00Z' };

function closedOctober(): { scenario: ReturnType<typeof octoberScenario>; closed: ClosedMonth } {
  const scenario = octoberScenario();
  // Stored as it would be: a JSON copy, not the live objects.
  const report = JSON.parse(JSON.stringify(buildMonthEndReport(scenario.b.input(), context))) as ClosedMonth['report'];
  return { scenario, closed: { month: '2026-10', mode: 'test', closedAt: '2026-11-01T09:05:00Z', report } };
}

describe('a closed month against a fresh load', () => {
  it('nothing changed: unchanged, no lists', () => {
    const { scenario, closed } = closedOctober();
    const diff = diffClosedMonth(closed, buildMonthEndReport(scenario.b.input(), { ...context, loadedAt: '2026-12-01T09:00:00Z' }));
    expect(diff).toMatchObject({ unchanged: true, totals: [], invoicesAdded: [], invoicesRemoved: [], invoicesChanged: [], mismatchCounts: [], payoutsAdded: [], payoutsRemoved: [] });
  });

  it('since closing: a refund in Stripe, a failed invoice paid, an invoice marked paid in 3scale, one added, a payout made', () => {
    const { scenario, closed } = closedOctober();
    const { b, invoices, charges } = scenario;
    if (charges.c1.charge) b.refund(charges.c1.charge, 4_000, at(25));
    const retried = b.attempt(invoices.failed, { when: at(26), outcome: 'succeeded' });
    invoices.failed.invoice.state = 'paid';
    invoices.stripeOnly.invoice.state = 'paid';
    b.invoice({ id: 18, state: 'unpaid', cost: 15 });
    const payout = b.payout('eur', [retried.txn].filter((t) => t !== null), at(29, 0));

    const diff = diffClosedMonth(closed, buildMonthEndReport(b.input(), context));
    expect(diff.unchanged).toBe(false);
    expect(diff.invoicesAdded).toEqual([{ invoiceId: 18, friendlyId: '2026-10-00000018' }]);
    expect(diff.invoicesRemoved).toEqual([]);
    expect(diff.payoutsAdded).toEqual([payout]);

    const changed = Object.fromEntries(diff.invoicesChanged.map((c) => [c.invoiceId, Object.fromEntries(c.changes.map((f) => [f.field, [f.before, f.after]]))]));
    expect(Object.keys(changed).map(Number)).toEqual([1, 3, 10]);
    expect(changed[1]).toEqual({
      refundedMinor: [0, 4_000],
      netMinor: [4_000 - standardFee(4_000), -standardFee(4_000)],
      mismatches: [[], ['refunded_or_disputed']],
    });
    expect(changed[3]).toEqual({ state: ['unpaid', 'paid'], status: ['paid_in_stripe_only', 'collected'], mismatches: [['paid_in_stripe_not_in_3scale'], []] });
    expect(changed[10]).toMatchObject({ state: ['failed', 'paid'], status: ['failed', 'collected'], attempts: [2, 3], collectedMinor: [0, 4_500], payouts: [[], [payout]] });
    // Each payment as itself with its status, not one joined string: the screen words the status.
    expect(changed[10]?.['paymentIntents']?.[1]).toContainEqual({ id: retried.intent.id, status: 'succeeded' });

    const eur = diff.totals.find((t) => t.currency === 'EUR')?.changes ?? [];
    const field = (name: string) => eur.find((c) => c.field === name);
    expect(field('invoiceCount')).toEqual({ field: 'invoiceCount', before: 14, after: 15 });
    expect(field('refundedMinor')).toEqual({ field: 'refundedMinor', before: 2_000, after: 6_000 });
    expect(field('collectedGrossMinor')).toEqual({ field: 'collectedGrossMinor', before: 41_900, after: 46_400 });
    expect(field('outstandingFailedMinor')).toEqual({ field: 'outstandingFailedMinor', before: 4_500, after: 0 });
    expect(field('outstandingUnpaidMinor')).toEqual({ field: 'outstandingUnpaidMinor', before: 1_000, after: 2_500 });
    expect(diff.totals.map((t) => t.currency)).toEqual(['EUR']);

    expect(diff.mismatchCounts).toEqual([
      { kind: 'paid_in_stripe_not_in_3scale', before: 1, after: 0 },
      { kind: 'refunded_or_disputed', before: 2, after: 3 },
    ]);
  });

  it('an invoice gone from 3scale’s month and a Stripe payment of other business appearing', () => {
    const { scenario, closed } = closedOctober();
    const { b } = scenario;
    b.invoices.splice(b.invoices.findIndex((i) => i.invoice.id === 12), 1);
    b.intent({ amount: 500, currency: 'eur', when: at(30), description: 'Workshop', outcome: 'succeeded' });
    const diff = diffClosedMonth(closed, buildMonthEndReport(b.input(), context));
    expect(diff.invoicesRemoved).toEqual([{ invoiceId: 12, friendlyId: '2026-10-00000012' }]);
    expect(diff.mismatchCounts).toEqual([{ kind: 'stripe_payment_without_invoice', before: 2, after: 3 }]);
    expect(diff.totals[0]?.changes.map((c) => c.field)).toEqual(['invoiceCount', 'invoicedMinor', 'outstandingUnpaidMinor', 'otherBusinessMinor']);
  });
});
