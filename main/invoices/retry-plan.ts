// The plan of a retry run: of the invoices asked for (a selection, or every failed or
// unpaid invoice of the current query), what will be charged and what is left out and
// why, with the totals per currency of what will be charged. Pure.

import { randomUUID } from 'node:crypto';
import type { CardView, Money, RetryPlanItem, RetryPlanView } from '../../common/contract/invoices';
import type { StripeMode } from '../../common/stripe-keys';
import type { ChargeTarget } from './charge-step';
import { exclusionFor } from './exclusions';
import type { InvoiceFacts } from './invoice-facts';

export interface PlanInput {
  facts: InvoiceFacts;
  target: ChargeTarget;
}

export interface Plan {
  view: RetryPlanView;
  /** What the run charges, in the plan's order. */
  targets: ChargeTarget[];
}

/**
 * What a retry covers when no selection is given: invoices whose charge failed (3scale moves a
 * pending invoice to unpaid after a failed attempt, and to failed after the last). Pending
 * invoices are not yet due for charging; they are charged only when selected.
 */
export const RETRY_STATES: readonly string[] = ['failed', 'unpaid'];

function cardOf(facts: InvoiceFacts): CardView | null {
  const account = facts.account;
  if (!account?.cardStored) return null;
  const expiry = /^(\d{4})-(\d{2})/.exec(account.cardExpiresOn ?? '');
  const fromStripe = [...facts.payments].reverse().find((p) => p.card)?.card ?? null;
  return {
    brand: fromStripe?.last4 === account.cardLast4 ? fromStripe.brand : null,
    last4: account.cardLast4,
    expMonth: expiry ? Number(expiry[2]) : null,
    expYear: expiry ? Number(expiry[1]) : null,
  };
}

export function totalsOf(amounts: readonly Money[]): Money[] {
  const sums = new Map<string, number>();
  for (const m of amounts) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amountMinor);
  return [...sums].map(([currency, amountMinor]) => ({ currency, amountMinor })).sort((a, b) => a.currency.localeCompare(b.currency));
}

export function planRetry(inputs: readonly PlanInput[], mode: StripeMode, today: Date, planId: string = randomUUID()): Plan {
  const include: RetryPlanItem[] = [];
  const excluded: RetryPlanView['excluded'] = [];
  const targets: ChargeTarget[] = [];
  for (const { facts, target } of inputs) {
    const item: RetryPlanItem = {
      invoiceId: facts.invoice.id,
      friendlyId: facts.invoice.friendlyId,
      organisation: facts.account?.orgName ?? null,
      total: target.total,
      card: cardOf(facts),
    };
    const exclusion = exclusionFor(facts, today);
    if (exclusion) excluded.push({ ...item, reason: exclusion.reason, detail: exclusion.detail });
    else {
      include.push(item);
      targets.push(target);
    }
  }
  return { view: { planId, mode, include, excluded, totals: totalsOf(include.map((i) => i.total)) }, targets };
}

export { cardOf };
