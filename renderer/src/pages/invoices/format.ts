// How the Invoices screen words and formats what main sends: money from minor units in
// its own currency's digits, cards, dates, and every state and reason in plain words.
import type {
  CardView,
  ChargeExclusion,
  ChargeOutcome,
  InvoiceState,
  Money,
  PaymentIntentStatus,
  RunItemStatus,
} from '../../../../common/ipc-contract';
import { minorUnitDigits } from '../../../../common/currency-digits';

/** The locale of the user's system; tests pass one. */
const DEFAULT_LOCALE: string | undefined = undefined;

/**
 * "€1,234.50" from { amountMinor: 123450, currency: 'EUR' }; an unknown code is written as is.
 * Minor units are Stripe's (HUF in hundredths although Intl shows forints whole): a fraction
 * Intl would round away is shown rather than hidden.
 */
export function formatMoney(money: Money, locale: string | undefined = DEFAULT_LOCALE): string {
  try {
    const digits = minorUnitDigits(money.currency);
    const shown = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).resolvedOptions().minimumFractionDigits ?? digits;
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: Math.min(shown, digits),
      maximumFractionDigits: digits,
    }).format(money.amountMinor / 10 ** digits);
  } catch {
    return `${(money.amountMinor / 100).toFixed(2)} ${money.currency}`;
  }
}

/** "EUR 10.00 · USD 5.00" — totals per currency are never added together. */
export function formatTotals(totals: Money[], locale: string | undefined = DEFAULT_LOCALE): string {
  if (totals.length === 0) return 'nothing';
  return totals.map((money) => formatMoney(money, locale)).join(' · ');
}

export function formatCard(card: CardView | null): string {
  if (!card || (!card.brand && !card.last4)) return 'No card';
  const expiry = card.expMonth && card.expYear ? ` ${String(card.expMonth).padStart(2, '0')}/${card.expYear}` : '';
  return `${card.brand ?? 'card'} •••• ${card.last4 ?? '????'}${expiry}`;
}

/** A 3scale date ("2026-01-01") or time, as the user's locale writes a date. */
export function formatDate(value: string | null, locale: string | undefined = DEFAULT_LOCALE): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(locale, { timeZone: /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : undefined, dateStyle: 'medium' });
}

/** Stripe's `created` (Unix seconds) as date and time. */
export function formatUnixTime(seconds: number, locale: string | undefined = DEFAULT_LOCALE): string {
  return new Date(seconds * 1000).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** 3scale's invoice states, as its admin portal names them. Every state is listed (the Record says so). */
export const STATE_LABELS: Record<InvoiceState, string> = {
  open: 'Open',
  finalized: 'Finalized',
  pending: 'Pending',
  unpaid: 'Unpaid',
  paid: 'Paid',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const INVOICE_STATE_OPTIONS = Object.keys(STATE_LABELS) as InvoiceState[];

export const PAYMENT_STATUS_TEXT: Record<PaymentIntentStatus, string> = {
  requires_payment_method: 'Failed',
  requires_confirmation: 'Not confirmed',
  requires_action: 'Awaiting authentication',
  processing: 'Processing',
  requires_capture: 'Not captured',
  canceled: 'Canceled',
  succeeded: 'Succeeded',
};

export const EXCLUSION_TEXT: Record<ChargeExclusion, string> = {
  paid_in_stripe: 'Already paid in Stripe',
  not_chargeable_state: 'Not in a state 3scale charges',
  payment_in_progress: 'Payment in progress in Stripe',
  no_card: 'No card in 3scale',
  card_expired: 'Card expired',
  needs_authentication: "Needs the developer's authentication",
  hard_decline: 'Hard decline',
  charging_disabled: 'Charging is disabled',
};

export const OUTCOME_TEXT: Record<ChargeOutcome, string> = {
  paid: 'Paid',
  declined: 'Declined',
  needs_action: 'Needs the developer’s action',
  skipped: 'Skipped',
  failed: 'Failed',
};

export const RUN_ITEM_TEXT: Record<RunItemStatus, string> = {
  pending: 'Waiting',
  charging: 'Charging…',
  paid: 'Paid',
  declined: 'Declined',
  needs_action: 'Needs the developer’s action',
  skipped: 'Skipped',
  failed: 'Failed',
  unknown: 'Outcome unknown',
};
