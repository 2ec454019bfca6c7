// Why an invoice must not be charged now, first reason first: money already taken in
// Stripe comes before anything 3scale says, then what 3scale itself would refuse
// (Invoice#chargeable?: state), then a payment Stripe may still complete (any of the
// invoice's PaymentIntents, not only its newest), then the rest of what 3scale would refuse
// (monthly charging, a stored card), then what would only fail again (an expired card,
// a payment the developer must authenticate, a hard decline).

import type { ChargeExclusion } from '../../common/contract/invoices';
import { declineText, isHardDecline, needsAuthentication } from './decline-words';
import type { InvoiceFacts } from './invoice-facts';
import { formatMinor, toMinor } from '../shared/currency-units';

export interface Exclusion {
  reason: ChargeExclusion;
  detail: string;
}

/** States 3scale's charge.json accepts (Invoice#ensure_payable_state!). */
export const CHARGEABLE_STATES: readonly string[] = ['pending', 'unpaid', 'failed'];

/**
 * PaymentIntent states in which Stripe may still move the money (or wait on the developer to):
 * only `requires_payment_method` (failed, waiting for a card) and `canceled` allow a new charge.
 */
export const IN_PROGRESS_STATUSES: ReadonlySet<string> = new Set(['processing', 'requires_action', 'requires_confirmation', 'requires_capture']);

/** A card 3scale holds expires at the end of its expiry month ('YYYY-MM-01'). */
export function cardExpired(expiresOn: string | null, today: Date): boolean {
  if (!expiresOn) return false;
  const match = /^(\d{4})-(\d{2})/.exec(expiresOn);
  if (!match) return false;
  const expiry = Number(match[1]) * 12 + Number(match[2]);
  const now = today.getUTCFullYear() * 12 + today.getUTCMonth() + 1;
  return expiry < now;
}

function succeededIn(facts: InvoiceFacts): InvoiceFacts['payments'][number] | null {
  const succeeded = facts.payments.filter((p) => p.status === 'succeeded');
  return succeeded[succeeded.length - 1] ?? null;
}

export function exclusionFor(facts: InvoiceFacts, today: Date): Exclusion | null {
  const { invoice, account } = facts;
  if (invoice.state !== 'paid') {
    const paid = succeededIn(facts);
    if (paid) {
      const total = toMinor(invoice.cost, invoice.currency);
      if (paid.amount !== total || paid.currency !== invoice.currency) {
        // Not what 3scale charges for it (its total in its currency): no advice to mark it paid, which would be refused.
        return {
          reason: 'paid_in_stripe',
          detail: `A payment naming this invoice succeeded in Stripe (${paid.id}) for ${formatMinor(paid.amount, paid.currency)}, not the invoice total of ${formatMinor(total, invoice.currency)}; check it in Stripe before charging again.`,
        };
      }
      return {
        reason: 'paid_in_stripe',
        detail: `Already paid in Stripe (${paid.id}); 3scale did not hear of it. Mark it as paid in 3scale instead.`,
      };
    }
  }
  if (!CHARGEABLE_STATES.includes(invoice.state)) {
    return { reason: 'not_chargeable_state', detail: `The invoice is ${invoice.state}; 3scale charges only pending, unpaid or failed invoices.` };
  }
  const inProgress = facts.payments.filter((p) => IN_PROGRESS_STATUSES.has(p.status)).pop();
  if (inProgress?.status === 'requires_action') {
    return { reason: 'needs_authentication', detail: `The developer must authenticate the payment (${inProgress.id}) before it can succeed.` };
  }
  if (inProgress) {
    return { reason: 'payment_in_progress', detail: `A payment is in progress in Stripe (status ${inProgress.status}, ${inProgress.id}); charging again could take the money twice.` };
  }
  if (account && !account.monthlyChargingEnabled) {
    return { reason: 'charging_disabled', detail: 'Monthly charging is disabled for this developer account in 3scale.' };
  }
  if (account && !account.cardStored) return { reason: 'no_card', detail: 'The developer has no card stored in 3scale.' };
  if (account && cardExpired(account.cardExpiresOn, today)) {
    return { reason: 'card_expired', detail: `The card 3scale holds expired (${(account.cardExpiresOn ?? '').slice(0, 7)}).` };
  }
  const last = facts.payments[facts.payments.length - 1];
  if (last && last.status !== 'succeeded') {
    if (needsAuthentication(last.declineCode, last.status)) {
      return { reason: 'needs_authentication', detail: `The developer must authenticate the payment (${last.id}) before it can succeed.` };
    }
    if (isHardDecline(last.declineCode)) {
      return { reason: 'hard_decline', detail: `${declineText(last.declineCode) ?? 'Hard decline'}: charging this card again would fail.` };
    }
  }
  return null;
}
