// Stripe's decline codes (https://docs.stripe.com/declines/codes) and error codes in plain
// words for finance staff, and which of them are hard declines: retrying the same card is
// pointless or harmful (lost, stolen, fraudulent, closed), so a retry run leaves them out.

const WORDS: Record<string, string> = {
  authentication_required: 'The developer must authenticate this payment',
  approve_with_id: 'The bank could not authorise the payment; try again',
  call_issuer: 'Declined by the bank for an unknown reason; the developer should call their bank',
  card_not_supported: 'The card does not support this kind of purchase',
  card_velocity_exceeded: 'The card’s balance, credit limit or transaction limit is exceeded',
  currency_not_supported: 'The card does not support this currency',
  do_not_honor: 'Declined by the bank for an unknown reason',
  do_not_try_again: 'Declined by the bank; do not try this card again',
  duplicate_transaction: 'An identical payment was made very recently',
  expired_card: 'The card has expired',
  fraudulent: 'Declined as suspected fraud',
  generic_decline: 'The card was declined',
  card_declined: 'The card was declined',
  incorrect_number: 'The card number is incorrect',
  incorrect_cvc: 'The security code (CVC) is incorrect',
  incorrect_zip: 'The postal code is incorrect',
  insufficient_funds: 'Insufficient funds',
  invalid_account: 'The card or its account is invalid',
  invalid_amount: 'The amount is invalid or exceeds what the card allows',
  invalid_cvc: 'The security code (CVC) is incorrect',
  invalid_expiry_month: 'The expiry month is invalid',
  invalid_expiry_year: 'The expiry year is invalid',
  issuer_not_available: 'The bank could not be reached; try again',
  lost_card: 'The card was reported lost',
  merchant_blacklist: 'Declined: the card is on the merchant’s block list',
  new_account_information_available: 'The card or account has new details; the developer must update the card',
  no_action_taken: 'Declined by the bank for an unknown reason',
  not_permitted: 'The payment is not permitted',
  offline_pin_required: 'The card requires a PIN',
  online_or_offline_pin_required: 'The card requires a PIN',
  pickup_card: 'The card cannot be used (it may be reported lost or stolen)',
  pin_try_exceeded: 'Too many PIN attempts',
  processing_error: 'An error occurred while processing the card; try again',
  reenter_transaction: 'The bank could not process the payment; try again',
  restricted_card: 'The card cannot be used (it may be reported lost or stolen)',
  revocation_of_all_authorizations: 'The developer revoked all payments on this card',
  revocation_of_authorization: 'The developer revoked this payment',
  security_violation: 'Declined by the bank for a security reason',
  service_not_allowed: 'The card does not allow this kind of purchase',
  stolen_card: 'The card was reported stolen',
  stop_payment_order: 'The developer stopped this payment',
  testmode_decline: 'A Stripe test card was used',
  transaction_not_allowed: 'The card does not allow this kind of purchase',
  try_again_later: 'Declined for now; try again later',
  withdrawal_count_limit_exceeded: 'The card’s withdrawal limit is exceeded',
  payment_intent_authentication_failure: 'The developer failed to authenticate the payment',
  rate_limit: 'Stripe was busy (rate limit); nothing was charged',
};

/** Retrying these charges the same card in vain, or is what card networks forbid. */
const HARD_DECLINES = new Set([
  'lost_card',
  'stolen_card',
  'pickup_card',
  'restricted_card',
  'fraudulent',
  'do_not_try_again',
  'invalid_account',
  'incorrect_number',
  'expired_card',
  'card_not_supported',
  'merchant_blacklist',
  'revocation_of_all_authorizations',
  'revocation_of_authorization',
  'security_violation',
  'stop_payment_order',
  'transaction_not_allowed',
  'service_not_allowed',
  'new_account_information_available',
]);

/** The code in plain words; an unknown code is said as it is, readably. */
export function declineText(code: string | null): string | null {
  if (!code) return null;
  const known = WORDS[code];
  if (known) return known;
  const spaced = code.replace(/_/g, ' ');
  return `Declined (${spaced})`;
}

export function isHardDecline(code: string | null): boolean {
  return code !== null && HARD_DECLINES.has(code);
}

/** The developer has to act (authenticate) before this card can be charged. */
export function needsAuthentication(code: string | null, status: string | null): boolean {
  return status === 'requires_action' || code === 'authentication_required' || code === 'payment_intent_authentication_failure';
}
