// The texts of the settings page's confirmations: 3scale's own, word for word, and ours
// for live mode, which moves real money.
import type { BillingMode } from '../../../../common/billing-options';
import type { SettingsView } from '../../../../common/ipc-contract';

export const GATEWAY_CHANGE_CONFIRMATIONS = [
  "Changing your payment gateway will make all your buyers' credit card details invalid, so they will have to enter the credit card information again to be billed next month.\n\nAre you sure you want to change your payment gateway?",
  "Are you sure? If you click OK, all credit card details from all your customers will be erased and won't be recoverable. You'll need to ask your customers to enter their credit card details again to be able to bill them.\n\nDo you want to remove all credit card details from your customers?",
] as const;

export function billingModeConfirmation(to: BillingMode): string {
  return `Are you sure you want to switch to ${to} mode?`;
}

export function liveModeConfirmation(view: SettingsView): string {
  const account = view.stripe.keySets.live.verification?.account;
  const who = account?.name ? ` of ${account.name}${account.accountId ? ` (${account.accountId})` : ''}` : '';
  return `Live mode uses real cards and real money: from now on, every charge goes through the live Stripe account${who} and moves real funds.\n\nAre you sure you want to switch to live mode?`;
}

export const DISCARD_DRAFT_CONFIRMATION = 'Discard your unsaved changes? The saved settings stay as they are.';
