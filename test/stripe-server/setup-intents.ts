/**
 * SetupIntents, as 3scale uses them to collect a developer's card (app/lib/payment_gateways/stripe_crypt.rb):
 * created on the server with `customer`, `payment_method_types: ['card']`, `usage: 'off_session'`, then
 * confirmed (by Stripe.js in the browser) with the card; on success the card's PaymentMethod is attached
 * to the customer. Listing them (by `created`, with `expand[]=data.payment_method`) is how Billing Desk
 * finds every card 3scale attached without asking each customer. Shapes follow
 * `#/components/schemas/setup_intent` of the 2024-04-10 document.
 */
import { newId, randomAlphanumeric, StripeHttpError, invalidRequest, resourceMissing, docUrl } from './errors';
import type { StripeErrorBody } from './errors';
import {
  bool,
  createdParam,
  DECLINES,
  list,
  listParams,
  liveCustomer,
  materialise,
  mergeMetadata,
  paymentMethodToAttach,
  renderPaymentMethod,
  requestLogUrl,
  str,
  TEST_PAYMENT_METHODS,
} from './resources';
import type { RequestContext, Route } from './resources';
import type { PaymentMethodRecord, SetupIntentRecord } from './store';

export function renderSetupIntent(intent: SetupIntentRecord): Record<string, unknown> {
  return {
    id: intent.id,
    object: 'setup_intent',
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: intent.clientSecret,
    created: intent.created,
    customer: intent.customer,
    description: intent.description,
    flow_directions: null,
    last_setup_error: intent.lastSetupError,
    latest_attempt: null,
    livemode: intent.livemode,
    mandate: null,
    metadata: { ...intent.metadata },
    next_action: intent.nextAction,
    on_behalf_of: null,
    payment_method: intent.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: [...intent.paymentMethodTypes],
    single_use_mandate: null,
    status: intent.status,
    usage: intent.usage,
  };
}

function liveSetupIntent(ctx: RequestContext): SetupIntentRecord {
  const id = ctx.pathParams['intent'] ?? '';
  const intent = ctx.store.setupIntents.get(id);
  if (!intent) throw resourceMissing('setup_intent', id, 'intent');
  return intent;
}

function checkTypes(params: Record<string, unknown>): string[] {
  const types = Array.isArray(params['payment_method_types']) ? params['payment_method_types'].map(String) : ['card'];
  for (const type of types) {
    if (type !== 'card') {
      throw invalidRequest(
        `The payment method type "${type}" is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`,
        { param: 'payment_method_types' },
      );
    }
  }
  return types;
}

/** The PaymentMethod a SetupIntent is given: a test token (materialised now) or an existing `pm_…`. */
function methodFor(ctx: RequestContext, id: string, customerId: string | null): PaymentMethodRecord {
  if (TEST_PAYMENT_METHODS[id]) {
    const card = TEST_PAYMENT_METHODS[id];
    const method = materialise(ctx, card);
    ctx.store.paymentMethods.add(method);
    return method;
  }
  const method = ctx.store.paymentMethods.get(id);
  if (!method) throw resourceMissing('PaymentMethod', id, 'payment_method', 400);
  if (method.customer !== null && method.customer !== customerId) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      param: 'payment_method',
      code: 'payment_method_unexpected_state',
    });
  }
  return method;
}

/**
 * Confirms with the intent's payment method: succeeds and attaches it to the customer, asks for
 * authentication (3-D Secure), or declines (402, the intent back to requires_payment_method).
 */
function confirmSetup(ctx: RequestContext, intent: SetupIntentRecord, method: PaymentMethodRecord): void {
  const behaviour = method.card.behaviour;
  if (behaviour === 'succeed' || behaviour === 'decline_after_attach') {
    if (intent.customer !== null) {
      // The same checks as an attach (declining cards are refused there too).
      paymentMethodToAttach(ctx, method.id, intent.customer, 'payment_method');
      method.customer = intent.customer;
    }
    intent.status = 'succeeded';
    intent.nextAction = null;
    intent.lastSetupError = null;
    return;
  }
  if (behaviour === 'authentication_required') {
    intent.status = 'requires_action';
    intent.nextAction = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `https://hooks.stripe.com/redirect/authenticate/${newId('src')}`, source: newId('src') },
    };
    return;
  }
  const decline = DECLINES[behaviour];
  if (!decline) return;
  const error: StripeErrorBody = {
    type: 'card_error',
    ...decline,
    doc_url: docUrl(decline.code),
    payment_method: renderPaymentMethod(method),
  };
  intent.status = 'requires_payment_method';
  intent.paymentMethod = null;
  intent.lastSetupError = { ...error };
  throw new StripeHttpError(402, { ...error, setup_intent: renderSetupIntent(intent), request_log_url: requestLogUrl(ctx) });
}

function createSetupIntent(ctx: RequestContext): unknown {
  const { params } = ctx;
  const customerId = str(params, 'customer') ?? null;
  if (customerId !== null) liveCustomer(ctx, customerId, 'customer', 400);
  const types = checkTypes(params);
  const confirm = bool(params, 'confirm') ?? false;
  const pmParam = str(params, 'payment_method');
  if (confirm && !pmParam) {
    throw invalidRequest(
      "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'setup_intent_unexpected_state' },
    );
  }
  const metadata = mergeMetadata({}, params['metadata']);
  const method = pmParam ? methodFor(ctx, pmParam, customerId) : undefined;
  const id = newId('seti');
  const intent: SetupIntentRecord = {
    id,
    created: ctx.now(),
    seq: ctx.nextSeq(),
    livemode: ctx.store.livemode,
    customer: customerId,
    paymentMethod: method?.id ?? null,
    status: method ? 'requires_confirmation' : 'requires_payment_method',
    usage: (str(params, 'usage') as SetupIntentRecord['usage'] | undefined) ?? 'off_session',
    paymentMethodTypes: types,
    clientSecret: `${id}_secret_${randomAlphanumeric(25)}`,
    description: str(params, 'description') ?? null,
    metadata,
    lastSetupError: null,
    nextAction: null,
  };
  ctx.store.setupIntents.add(intent);
  if (confirm && method) confirmSetup(ctx, intent, method);
  return renderSetupIntent(intent);
}

function confirmSetupIntent(ctx: RequestContext): unknown {
  const intent = liveSetupIntent(ctx);
  if (intent.status === 'succeeded') {
    throw invalidRequest('You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.', {
      code: 'setup_intent_unexpected_state',
    });
  }
  const pmParam = str(ctx.params, 'payment_method');
  if (pmParam) intent.paymentMethod = methodFor(ctx, pmParam, intent.customer).id;
  const method = intent.paymentMethod ? ctx.store.paymentMethods.get(intent.paymentMethod) : undefined;
  if (!method) {
    throw invalidRequest(
      "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'setup_intent_unexpected_state' },
    );
  }
  confirmSetup(ctx, intent, method);
  return renderSetupIntent(intent);
}

function listSetupIntents(ctx: RequestContext): unknown {
  const { setupIntents } = ctx.store;
  const paging = listParams(ctx.params, setupIntents, 'setup_intent');
  const created = createdParam(ctx.params);
  const customer = str(ctx.params, 'customer');
  const paymentMethod = str(ctx.params, 'payment_method');
  const page = setupIntents.page({
    ...paging,
    ...(created ? { created } : {}),
    filter: (intent) => (customer === undefined || intent.customer === customer) && (paymentMethod === undefined || intent.paymentMethod === paymentMethod),
  });
  return list('/v1/setup_intents', page.data.map(renderSetupIntent), page.hasMore);
}

export const SETUP_INTENT_ROUTES: readonly Route[] = [
  { method: 'POST', template: '/v1/setup_intents', permission: 'setup_intents_write', handle: createSetupIntent },
  { method: 'GET', template: '/v1/setup_intents', permission: 'setup_intents_read', handle: listSetupIntents },
  { method: 'GET', template: '/v1/setup_intents/{intent}', permission: 'setup_intents_read', handle: (ctx) => renderSetupIntent(liveSetupIntent(ctx)) },
  { method: 'POST', template: '/v1/setup_intents/{intent}/confirm', permission: 'setup_intents_write', handle: confirmSetupIntent },
];

/** A card to seed: a test token's card, with an expiry of choice. */
export interface SeedCard {
  /** A test PaymentMethod token, e.g. 'pm_card_visa' (default). */
  token?: string;
  expMonth?: number;
  expYear?: number;
}

/**
 * Direct seeding (no HTTP): a SetupIntent for `customer` that 3scale created and the developer
 * confirmed with `card`, at `created` — succeeded, usage off_session, its card attached.
 */
export function seedSetupIntentInto(
  ctx: Pick<RequestContext, 'store' | 'account' | 'nextSeq' | 'now'>,
  fields: { customer: string; card?: SeedCard; created?: number },
): { intent: SetupIntentRecord; method: PaymentMethodRecord } {
  if (!ctx.store.customers.get(fields.customer)) throw new Error(`seedSetupIntent: no customer ${fields.customer}`);
  const token = fields.card?.token ?? 'pm_card_visa';
  const profile = TEST_PAYMENT_METHODS[token];
  if (!profile) throw new Error(`seedSetupIntent: unknown test card ${token}`);
  const created = fields.created ?? ctx.now();
  const method = materialise({ ...ctx, now: () => created }, profile, {
    expMonth: fields.card?.expMonth ?? 12,
    expYear: fields.card?.expYear ?? new Date().getUTCFullYear() + 1,
  });
  method.customer = fields.customer;
  ctx.store.paymentMethods.add(method);
  const id = newId('seti');
  const intent: SetupIntentRecord = {
    id,
    created,
    seq: ctx.nextSeq(),
    livemode: ctx.store.livemode,
    customer: fields.customer,
    paymentMethod: method.id,
    status: 'succeeded',
    usage: 'off_session',
    paymentMethodTypes: ['card'],
    clientSecret: `${id}_secret_${randomAlphanumeric(25)}`,
    description: null,
    metadata: {},
    lastSetupError: null,
    nextAction: null,
  };
  ctx.store.setupIntents.add(intent);
  return { intent, method };
}
