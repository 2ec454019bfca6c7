/** Restricted-key permissions of the fake, and the names Stripe gives them in its 403 messages. */

export type StripePermission =
  | 'account_read'
  | 'balance_read'
  | 'charges_read'
  | 'customers_read'
  | 'customers_write'
  | 'disputes_read'
  | 'payment_intents_read'
  | 'payment_intents_write'
  | 'payment_methods_read'
  | 'payment_methods_write'
  | 'payouts_read'
  | 'refunds_read'
  | 'refunds_write'
  | 'setup_intents_read'
  | 'setup_intents_write'
  | 'webhook_endpoints_read'
  | 'webhook_endpoints_write';

/** StripePermission → the `rak_…` name a 403 names ("Having the 'rak_customer_read' permission …"). */
export const STRIPE_PERMISSION_NAMES: Readonly<Record<StripePermission, string>> = {
  account_read: 'rak_account_read',
  balance_read: 'rak_balance_read',
  charges_read: 'rak_charge_read',
  customers_read: 'rak_customer_read',
  customers_write: 'rak_customer_write',
  disputes_read: 'rak_dispute_read',
  payment_intents_read: 'rak_payment_intent_read',
  payment_intents_write: 'rak_payment_intent_write',
  payment_methods_read: 'rak_payment_method_read',
  payment_methods_write: 'rak_payment_method_write',
  payouts_read: 'rak_payout_read',
  refunds_read: 'rak_refund_read',
  refunds_write: 'rak_refund_write',
  setup_intents_read: 'rak_setup_intent_read',
  setup_intents_write: 'rak_setup_intent_write',
  webhook_endpoints_read: 'rak_webhook_read',
  webhook_endpoints_write: 'rak_webhook_write',
};

/** The inverse table: `rak_…` name → StripePermission. */
export const PERMISSIONS_BY_STRIPE_NAME: Readonly<Record<string, StripePermission>> = Object.fromEntries(
  Object.entries(STRIPE_PERMISSION_NAMES).map(([permission, name]) => [name, permission as StripePermission]),
);

export const ALL_PERMISSIONS: readonly StripePermission[] = Object.keys(STRIPE_PERMISSION_NAMES) as StripePermission[];

/** Like Stripe's dashboard: Write on a resource includes Read. */
const IMPLIED_BY: Partial<Record<StripePermission, StripePermission>> = {
  customers_read: 'customers_write',
  payment_intents_read: 'payment_intents_write',
  payment_methods_read: 'payment_methods_write',
  refunds_read: 'refunds_write',
  setup_intents_read: 'setup_intents_write',
  webhook_endpoints_read: 'webhook_endpoints_write',
};

export function hasPermission(held: ReadonlySet<StripePermission>, needed: StripePermission): boolean {
  if (held.has(needed)) return true;
  const implied = IMPLIED_BY[needed];
  return implied !== undefined && held.has(implied);
}
