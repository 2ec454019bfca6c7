// Wires the pure domain into the handler table. Imports nothing from Electron, so the
// Chromium test harness builds the very same table in plain Node.

import { BillingDeskService } from './domain/billing-desk-service';
import { SettingsRepository, type DocumentStore } from './domain/settings-repository';
import { SecretVault, type Encryptor } from './domain/vault';
import { createHandlerTable, type DispatchOptions } from './ipc/handlers';
import { createSenderPolicy } from './ipc/sender-policy';
import { parseApiBase } from './stripe/stripe-connection';
import { StripeService, type StripeServiceOptions } from './stripe/stripe-service';

export interface AppCoreOptions {
  store: DocumentStore;
  encryptor: Encryptor;
  osUser: string;
  /** Origins whose frames may call main (the app's own pages). */
  allowedOrigins: readonly string[];
  logError?: (text: string) => void;
  now?: () => Date;
  /** BILLING_DESK_STRIPE_API_BASE: a Stripe-compatible server instead of api.stripe.com. */
  stripeApiBase?: string | undefined;
  /** Timeouts and backoff of Stripe calls (tests shorten them). */
  stripeOptions?: Omit<StripeServiceOptions, 'connection'>;
}

export interface AppCore {
  service: BillingDeskService;
  dispatchOptions: DispatchOptions;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const service = new BillingDeskService({
    repository: new SettingsRepository(options.store),
    vault: new SecretVault(options.encryptor),
    stripe: new StripeService({ ...options.stripeOptions, connection: parseApiBase(options.stripeApiBase) }),
    osUser: options.osUser,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    service,
    dispatchOptions: {
      table: createHandlerTable(service),
      isTrustedSender: createSenderPolicy(options.allowedOrigins),
      ...(options.logError ? { logError: options.logError } : {}),
    },
  };
}
