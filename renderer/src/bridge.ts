// The renderer's only way to main: the API the preload script put on window.
import type { BillingDeskApi } from '../../common/ipc-contract';

declare global {
  interface Window {
    billingDesk?: BillingDeskApi;
  }
}

export function bridge(): BillingDeskApi {
  if (!window.billingDesk) throw new Error('Billing Desk bridge is missing: the preload script did not run.');
  return window.billingDesk;
}
