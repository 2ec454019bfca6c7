/**
 * PaymentIntents beyond create/retrieve, as 3scale's charging and Billing Desk use them:
 *   - `GET /v1/payment_intents` (customer, created, paging, expand) — Stripe's list, newest first;
 *   - `POST /v1/payment_intents/{intent}/confirm` — what 3scale's retry does with an invoice's latest
 *     PaymentIntent that did not succeed (stripe_charge_service.rb#confirm_payment_intent);
 *   - test helpers without HTTP: the developer authenticating a payment (the PaymentIntent succeeds in
 *     Stripe and a `payment_intent.succeeded` event goes to the listeners — 3scale's webhook), and a
 *     card attached to a customer as it was saved, whatever it does on a later charge (a card that
 *     was fine when saved and is now lost, stolen or empty).
 */
import { invalidRequest, newId, resourceMissing } from './errors';
import {
  bool,
  confirmIntent,
  createdParam,
  has,
  intentPaymentMethod,
  list,
  listParams,
  materialise,
  renderPaymentIntent,
  str,
  TEST_PAYMENT_METHODS,
} from './resources';
import type { RequestContext, Route } from './resources';
import type { ModeStore, PaymentIntentRecord } from './store';

function listPaymentIntents(ctx: RequestContext): unknown {
  const { paymentIntents } = ctx.store;
  const paging = listParams(ctx.params, paymentIntents, 'payment_intent');
  const customer = str(ctx.params, 'customer');
  const created = createdParam(ctx.params);
  const page = paymentIntents.page({
    ...paging,
    ...(created ? { created } : {}),
    ...(customer !== undefined ? { filter: (intent: PaymentIntentRecord) => intent.customer === customer } : {}),
  });
  return list('/v1/payment_intents', page.data.map(renderPaymentIntent), page.hasMore);
}

const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

function confirmPaymentIntent(ctx: RequestContext): unknown {
  const id = ctx.pathParams['intent'] ?? '';
  const intent = ctx.store.paymentIntents.get(id);
  if (!intent) throw resourceMissing('payment_intent', id, 'intent');
  if (!CONFIRMABLE.has(intent.status)) {
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const { params } = ctx;
  const pmParam = str(params, 'payment_method');
  const method = pmParam ? intentPaymentMethod(ctx, pmParam, intent.customer) : intent.paymentMethod ? ctx.store.paymentMethods.get(intent.paymentMethod) : undefined;
  if (!method) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const offSession = params['off_session'];
  const isOffSession = offSession === true || offSession === 'one_off' || offSession === 'recurring';
  intent.paymentMethod = method.id;
  intent.lastPaymentError = null;
  intent.nextAction = null;
  intent.status = 'requires_confirmation';
  confirmIntent(ctx, intent, method, isOffSession || bool(params, 'error_on_requires_action') === true || has(params, 'mandate'));
  return renderPaymentIntent(intent);
}

export const PAYMENT_INTENT_ROUTES: readonly Route[] = [
  { method: 'GET', template: '/v1/payment_intents', permission: 'payment_intents_read', handle: listPaymentIntents },
  { method: 'POST', template: '/v1/payment_intents/{intent}/confirm', permission: 'payment_intents_write', handle: confirmPaymentIntent },
];

/** A Stripe event as a webhook endpoint receives it (the fields 3scale reads). */
export interface StripeEvent {
  id: string;
  object: 'event';
  type: 'payment_intent.succeeded';
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

/**
 * The developer completes authentication (3-D Secure) for a PaymentIntent that needed it: one in
 * `requires_action`, or one declined off-session with `authentication_required`. It succeeds, as
 * in Stripe; the event is returned for the caller to deliver.
 */
export function authenticateInto(store: ModeStore, id: string, now: number): StripeEvent {
  const intent = store.paymentIntents.get(id);
  if (!intent) throw new Error(`no PaymentIntent ${id}`);
  const error = intent.lastPaymentError as { code?: string; payment_method?: { id?: string } } | null;
  const needed = intent.status === 'requires_action' || (intent.status === 'requires_payment_method' && error?.code === 'authentication_required');
  if (!needed) throw new Error(`PaymentIntent ${id} does not need authentication (status ${intent.status})`);
  intent.paymentMethod ??= error?.payment_method?.id ?? null;
  intent.status = 'succeeded';
  intent.amountReceived = intent.amount;
  intent.latestCharge = newId('ch');
  intent.lastPaymentError = null;
  intent.nextAction = null;
  return { id: newId('evt'), object: 'event', type: 'payment_intent.succeeded', created: now, livemode: store.livemode, data: { object: renderPaymentIntent(intent) } };
}

/** Seeding: a card attached to a customer without the checks of an attach (it was fine when saved). */
export function seedCardInto(
  ctx: Pick<RequestContext, 'store' | 'account' | 'now' | 'nextSeq'>,
  fields: { customer: string; token: string; expMonth?: number; expYear?: number },
): { paymentMethodId: string; last4: string; expMonth: number; expYear: number } {
  const card = TEST_PAYMENT_METHODS[fields.token];
  if (!card) throw new Error(`unknown test card ${fields.token}`);
  if (!ctx.store.customers.get(fields.customer)) throw new Error(`no customer ${fields.customer}`);
  const method = materialise(ctx, card, {
    expMonth: fields.expMonth ?? 12,
    expYear: fields.expYear ?? new Date().getUTCFullYear() + 1,
  });
  method.customer = fields.customer;
  ctx.store.paymentMethods.add(method);
  return { paymentMethodId: method.id, last4: card.last4, expMonth: method.expMonth, expYear: method.expYear };
}
