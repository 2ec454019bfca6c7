// The naive load the customers benchmark compares the app's loader with: the SDK's
// auto-pagination, one page of 100 after the other — the customers, then the SetupIntents —
// with the same expansions and the same join, no handling of 429. Not used by the app.
import type Stripe from 'stripe';
import {
  CUSTOMER_EXPANSIONS,
  DEFAULT_LOAD_TIMEOUT_MS,
  SETUP_INTENT_EXPANSIONS,
  type CustomerLoadResult,
} from '../../../main/customers/customer-loader';
import { joinSetupIntents, recordFromCustomer, type CustomerRecord } from '../../../main/customers/customer-records';
import { createStripeClient, type StripeConnection } from '../../../main/stripe/stripe-connection';

export interface NaiveLoadOptions {
  secretKey: string;
  connection: StripeConnection | null;
  timeoutMs?: number;
  /** List the SetupIntents after the customers; default true. */
  setupIntents?: boolean;
  signal?: AbortSignal;
}

export async function loadCustomersNaively(options: NaiveLoadOptions): Promise<CustomerLoadResult> {
  const started = performance.now();
  const client = createStripeClient(options.secretKey, options.connection, {
    timeoutMs: options.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
    maxNetworkRetries: 0,
  });
  let requests = 0;
  let rateLimited = 0;
  client.on('response', (event: Stripe.ResponseEvent) => {
    requests += 1;
    if (event.status === 429) rateLimited += 1;
  });
  const records = new Map<string, CustomerRecord>();
  for await (const customer of client.customers.list({ limit: 100, expand: CUSTOMER_EXPANSIONS })) {
    options.signal?.throwIfAborted();
    records.set(customer.id, recordFromCustomer(customer));
  }
  const customerListRequests = requests;
  const intents: Stripe.SetupIntent[] = [];
  if (options.setupIntents !== false) {
    for await (const intent of client.setupIntents.list({ limit: 100, expand: SETUP_INTENT_EXPANSIONS })) {
      options.signal?.throwIfAborted();
      intents.push(intent);
    }
  }
  const cardsFromSetupIntents = joinSetupIntents(records, intents);
  return {
    customers: [...records.values()],
    stats: {
      requests,
      customerListRequests,
      setupIntentListRequests: requests - customerListRequests,
      cardCheckRequests: 0,
      rateLimited,
      retries: 0,
      slices: 1,
      setupIntentSlices: options.setupIntents === false ? 0 : 1,
      createdDuringLoad: 0,
      duplicatesDropped: 0,
      setupIntents: intents.length,
      cardsFromSetupIntents,
      customersChecked: 0,
      elapsedMs: performance.now() - started,
    },
  };
}
