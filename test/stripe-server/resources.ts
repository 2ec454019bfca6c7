/**
 * The endpoints of the fake: how each one renders its objects and applies its (already validated and
 * coerced) params. Shapes follow `#/components/schemas/*` of Stripe's 2024-04-10 OpenAPI document.
 */
import { createHash } from 'node:crypto';
import { countrySpec, SUPPORTED_CURRENCIES, ZERO_DECIMAL_CURRENCIES } from './country-specs';
import { docUrl, invalidRequest, newId, randomAlphanumeric, resourceMissing, StripeHttpError } from './errors';
import type { StripeErrorBody } from './errors';
import type { StripePermission } from './permissions';
import { resolveLedgerObject } from './ledger-render';
import { parseCustomerQuery, SearchQueryError } from './search';
import type {
  AccountRecord,
  Address,
  CardProfile,
  Collection,
  CreatedRange,
  CustomerRecord,
  LegacyCardRecord,
  ModeStore,
  Ordered,
  PaymentIntentRecord,
  PaymentMethodRecord,
  Position,
  Shipping,
  WebhookEndpointRecord,
} from './store';

export type Params = Record<string, unknown>;

export interface RequestContext {
  store: ModeStore;
  account: AccountRecord;
  params: Params;
  pathParams: Record<string, string>;
  requestId: string;
  /** Unix seconds. */
  now(): number;
  /** A fresh insertion number (the tiebreak within one `created` second). */
  nextSeq(): number;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path template as in the OpenAPI document. */
  template: string;
  /** What a restricted key must hold; null: any valid secret or restricted key. */
  permission: StripePermission | null;
  handle(ctx: RequestContext): unknown;
}

// ---------------------------------------------------------------------------------------------
// Param helpers (params are validated against the spec before a handler runs)
// ---------------------------------------------------------------------------------------------

export function str(params: Params, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' ? value : undefined;
}

export function int(params: Params, key: string): number | undefined {
  const value = params[key];
  return typeof value === 'number' ? value : undefined;
}

export function bool(params: Params, key: string): boolean | undefined {
  const value = params[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function obj(params: Params, key: string): Params | undefined {
  const value = params[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : undefined;
}

export function has(params: Params, key: string): boolean {
  return Object.hasOwn(params, key);
}

/** '' unsets a nullable string. */
function nullableString(value: string): string | null {
  return value === '' ? null : value;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function checkEmail(email: string | null, param = 'email'): void {
  if (email !== null && !EMAIL.test(email)) {
    throw invalidRequest(`Invalid email address: ${email}`, { param, code: 'email_invalid' });
  }
}

/** Stripe's metadata rules: '' clears everything, a key set to '' is removed; 50 keys, 40/500 characters. */
export function mergeMetadata(current: Record<string, string>, value: unknown, param = 'metadata'): Record<string, string> {
  if (value === undefined) return current;
  if (value === '') return {};
  const next = new Map(Object.entries(current));
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (key.length > 40) {
      throw invalidRequest(`Metadata keys can have up to 40 characters, but you passed in a key that is ${key.length} characters: ${key}`, {
        param: `${param}[${key}]`,
      });
    }
    if (entry === '') {
      next.delete(key);
      continue;
    }
    const text = String(entry);
    if (text.length > 500) {
      throw invalidRequest(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${text.length} characters.`,
        { param: `${param}[${key}]` },
      );
    }
    next.set(key, text);
  }
  if (next.size > 50) {
    throw invalidRequest(`You can have up to 50 metadata keys, but you passed in ${next.size}.`, { param });
  }
  return Object.fromEntries(next);
}

// ---------------------------------------------------------------------------------------------
// Lists, pagination, expansion
// ---------------------------------------------------------------------------------------------

interface ListParams {
  limit: number;
  after?: Position;
  before?: Position;
}

function limitParam(params: Params): number {
  const limit = int(params, 'limit') ?? 10;
  if (limit < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'limit' });
  if (limit > 100) throw invalidRequest('This value must be less than or equal to 100.', { param: 'limit' });
  return limit;
}

export function listParams<T extends Ordered>(params: Params, collection: Collection<T>, kind: string): ListParams {
  const startingAfter = str(params, 'starting_after');
  const endingBefore = str(params, 'ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', {
      param: 'ending_before',
    });
  }
  const out: ListParams = { limit: limitParam(params) };
  const cursor = (param: string, id: string): Position => {
    const item = collection.get(id);
    if (!item) throw resourceMissing(kind, id, param, 400);
    return { created: item.created, seq: item.seq };
  };
  if (startingAfter !== undefined) out.after = cursor('starting_after', startingAfter);
  if (endingBefore !== undefined) out.before = cursor('ending_before', endingBefore);
  return out;
}

export function createdParam(params: Params): CreatedRange | undefined {
  const created = params['created'];
  if (typeof created === 'number') return { gte: created, lte: created };
  if (created === null || typeof created !== 'object') return undefined;
  const range: CreatedRange = {};
  for (const key of ['gt', 'gte', 'lt', 'lte'] as const) {
    const value = (created as Record<string, unknown>)[key];
    if (typeof value === 'number') range[key] = value;
  }
  return range;
}

export function list(url: string, data: unknown[], hasMore: boolean): Record<string, unknown> {
  return { object: 'list', data, has_more: hasMore, url };
}

/** The ids the fake can expand (`expand[]=customer`, `expand[]=data.payment_method`, …). */
function resolver(ctx: RequestContext): (id: string) => Record<string, unknown> | undefined {
  return (id) => {
    if (id.startsWith('cus_')) {
      const customer = ctx.store.customers.get(id);
      if (customer) return renderCustomer(customer);
      return ctx.store.deletedCustomers.has(id) ? deletedStub(id, 'customer') : undefined;
    }
    if (id.startsWith('pm_')) {
      const method = ctx.store.paymentMethods.get(id);
      return method ? renderPaymentMethod(method) : undefined;
    }
    if (id.startsWith('pi_')) {
      const intent = ctx.store.paymentIntents.get(id);
      return intent ? renderPaymentIntent(intent) : undefined;
    }
    // Charges, refunds, disputes, payouts, balance transactions (e.g. a PaymentIntent's latest_charge).
    const ledgerObject = resolveLedgerObject(ctx.store, id, ctx.now());
    if (ledgerObject) return ledgerObject;
    if (id.startsWith('card_')) {
      for (const customer of ctx.store.customers.newestFirst((c) => c.defaultSource?.id === id)) {
        if (customer.defaultSource) return renderLegacyCard(customer.defaultSource, customer.id);
      }
    }
    return undefined;
  };
}

function expandAt(node: unknown, path: string[], resolve: (id: string) => Record<string, unknown> | undefined): void {
  const [head, ...rest] = path;
  if (head === undefined || node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (head === 'data' && Array.isArray(record['data'])) {
    for (const item of record['data']) expandAt(item, rest, resolve);
    return;
  }
  if (!Object.hasOwn(record, head)) return;
  let value = record[head];
  if (typeof value === 'string') {
    const expanded = resolve(value);
    if (!expanded) return;
    record[head] = expanded;
    value = expanded;
  }
  if (rest.length > 0) expandAt(value, rest, resolve);
}

/**
 * Applies `expand[]` to a response: ids the fake holds (customers, payment methods, payment intents)
 * become objects; anything else is left as it is rather than refused.
 */
export function applyExpansions(ctx: RequestContext, body: unknown): void {
  const expand = ctx.params['expand'];
  if (!Array.isArray(expand)) return;
  const resolve = resolver(ctx);
  for (const path of expand) {
    if (typeof path === 'string' && path !== 'total_count') expandAt(body, path.split('.').slice(0, 4), resolve);
  }
}

// ---------------------------------------------------------------------------------------------
// Renderers
// ---------------------------------------------------------------------------------------------

export function deletedStub(id: string, object: string): Record<string, unknown> {
  return { id, object, deleted: true };
}

export function renderAccount(account: AccountRecord): Record<string, unknown> {
  const active = account.chargesEnabled ? 'active' : 'inactive';
  const due = account.chargesEnabled ? [] : ['external_account', 'tos_acceptance.date', 'tos_acceptance.ip'];
  const requirements = {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: account.chargesEnabled ? null : 'requirements.past_due',
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
  return {
    id: account.id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: '5734',
      name: account.businessName,
      product_description: null,
      support_address: null,
      support_email: account.email,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: 'company',
    capabilities: { card_payments: active, transfers: active },
    charges_enabled: account.chargesEnabled,
    controller: { type: 'account' },
    country: account.country,
    created: account.created,
    default_currency: account.defaultCurrency,
    details_submitted: true,
    email: account.email,
    external_accounts: {
      object: 'list',
      data: [],
      has_more: false,
      url: `/v1/accounts/${account.id}/external_accounts`,
    },
    future_requirements: { ...requirements, currently_due: [], disabled_reason: null, eventually_due: [], past_due: [] },
    metadata: {},
    payouts_enabled: account.chargesEnabled,
    requirements,
    settings: {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: {
        decline_on: { avs_failure: false, cvc_failure: false },
        statement_descriptor_prefix: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      dashboard: { display_name: account.businessName, timezone: 'Etc/UTC' },
      invoices: { default_account_tax_ids: null },
      payments: {
        statement_descriptor: account.businessName.toUpperCase().replace(/[^A-Z0-9 ]/g, '').slice(0, 22) || null,
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      payouts: {
        debit_negative_balances: true,
        schedule: { delay_days: 2, interval: 'daily' },
        statement_descriptor: null,
      },
      sepa_debit_payments: {},
    },
    tos_acceptance: { date: account.created, ip: '127.0.0.1', user_agent: null },
    type: 'standard',
  };
}

export function renderCustomer(customer: CustomerRecord): Record<string, unknown> {
  return {
    id: customer.id,
    object: 'customer',
    address: customer.address,
    balance: customer.balance,
    created: customer.created,
    currency: null,
    default_source: customer.defaultSource?.id ?? null,
    delinquent: false,
    description: customer.description,
    discount: null,
    email: customer.email,
    invoice_prefix: customer.invoicePrefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: customer.defaultPaymentMethod,
      footer: null,
      rendering_options: null,
    },
    livemode: customer.livemode,
    metadata: { ...customer.metadata },
    name: customer.name,
    next_invoice_sequence: customer.nextInvoiceSequence,
    phone: customer.phone,
    preferred_locales: [...customer.preferredLocales],
    shipping: customer.shipping,
    tax_exempt: customer.taxExempt,
    test_clock: null,
  };
}

/** A legacy Card object (`#/components/schemas/card`), as default_source expands to. */
export function renderLegacyCard(card: LegacyCardRecord, customerId: string): Record<string, unknown> {
  return {
    id: card.id,
    object: 'card',
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: null,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: null,
    brand: card.brand,
    country: 'US',
    customer: customerId,
    cvc_check: 'pass',
    dynamic_last4: null,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    fingerprint: card.fingerprint,
    funding: card.funding,
    last4: card.last4,
    metadata: {},
    name: null,
    tokenization_method: null,
  };
}

const EMPTY_ADDRESS: Address = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

export function renderPaymentMethod(method: PaymentMethodRecord): Record<string, unknown> {
  const { card } = method;
  return {
    id: method.id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: { ...EMPTY_ADDRESS }, email: null, name: null, phone: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
      country: 'US',
      display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
      exp_month: method.expMonth,
      exp_year: method.expYear,
      fingerprint: method.fingerprint,
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: method.created,
    customer: method.customer,
    livemode: method.livemode,
    metadata: { ...method.metadata },
    type: 'card',
  };
}

export function renderPaymentIntent(intent: PaymentIntentRecord): Record<string, unknown> {
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_capturable: intent.amountCapturable,
    amount_details: { tip: {} },
    amount_received: intent.amountReceived,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: intent.automaticPaymentMethods ? { ...intent.automaticPaymentMethods } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: intent.captureMethod,
    client_secret: intent.clientSecret,
    confirmation_method: intent.confirmationMethod,
    created: intent.created,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    invoice: null,
    last_payment_error: intent.lastPaymentError,
    latest_charge: intent.latestCharge,
    livemode: intent.livemode,
    metadata: { ...intent.metadata },
    next_action: intent.nextAction,
    on_behalf_of: null,
    payment_method: intent.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: [...intent.paymentMethodTypes],
    processing: null,
    receipt_email: intent.receiptEmail,
    review: null,
    setup_future_usage: intent.setupFutureUsage,
    shipping: null,
    statement_descriptor: intent.statementDescriptor,
    statement_descriptor_suffix: intent.statementDescriptorSuffix,
    status: intent.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function renderWebhookEndpoint(endpoint: WebhookEndpointRecord, withSecret = false): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    id: endpoint.id,
    object: 'webhook_endpoint',
    api_version: endpoint.apiVersion,
    application: null,
    created: endpoint.created,
    description: endpoint.description,
    enabled_events: [...endpoint.enabledEvents],
    livemode: endpoint.livemode,
    metadata: { ...endpoint.metadata },
    status: endpoint.status,
    url: endpoint.url,
  };
  if (withSecret) rendered['secret'] = endpoint.secret;
  return rendered;
}

// ---------------------------------------------------------------------------------------------
// Account, balance, country specs
// ---------------------------------------------------------------------------------------------

function getAccount(ctx: RequestContext): unknown {
  return renderAccount(ctx.account);
}

function getBalance(ctx: RequestContext): unknown {
  const pending = new Map<string, number>([[ctx.account.defaultCurrency, 0]]);
  for (const intent of ctx.store.paymentIntents.newestFirst((pi) => pi.status === 'succeeded')) {
    pending.set(intent.currency, (pending.get(intent.currency) ?? 0) + intent.amountReceived);
  }
  const amounts = (values: Iterable<[string, number]>) =>
    [...values].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  return {
    object: 'balance',
    available: amounts([[ctx.account.defaultCurrency, 0]]),
    livemode: ctx.store.livemode,
    pending: amounts(pending),
  };
}

function getCountrySpec(ctx: RequestContext): unknown {
  const country = (ctx.pathParams['country'] ?? '').toUpperCase();
  const spec = countrySpec(country);
  if (!spec) {
    throw invalidRequest(`Country '${country}' is unknown or not yet supported by Stripe.`, {
      code: 'resource_missing',
      param: 'country',
    }, 404);
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

export function liveCustomer(ctx: RequestContext, id: string, param = 'id', status = 404): CustomerRecord {
  const customer = ctx.store.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param, status);
  return customer;
}

function addressParam(value: Params): Address {
  const text = (key: string) => (typeof value[key] === 'string' && value[key] !== '' ? (value[key] as string) : null);
  return {
    city: text('city'),
    country: text('country'),
    line1: text('line1'),
    line2: text('line2'),
    postal_code: text('postal_code'),
    state: text('state'),
  };
}

function rejectUnknownReferences(params: Params): void {
  const references: [string, string][] = [
    ['coupon', 'coupon'],
    ['promotion_code', 'promotion code'],
    ['source', 'source'],
    ['default_source', 'source'],
    ['test_clock', 'test clock'],
  ];
  for (const [param, kind] of references) {
    const value = str(params, param);
    if (value) throw resourceMissing(kind, value, param, 400);
  }
}

/** Applies create/update params to a customer (a copy: nothing is stored if a param is refused). */
function applyCustomerParams(ctx: RequestContext, customer: CustomerRecord, params: Params, attachedNow: string | null): void {
  rejectUnknownReferences(params);
  for (const key of ['email', 'name', 'description', 'phone'] as const) {
    const value = str(params, key);
    if (value !== undefined) customer[key] = nullableString(value);
  }
  if (has(params, 'email')) checkEmail(customer.email);
  if (has(params, 'metadata')) customer.metadata = mergeMetadata(customer.metadata, params['metadata']);
  if (has(params, 'address')) {
    const address = obj(params, 'address');
    customer.address = address ? addressParam(address) : null;
  }
  if (has(params, 'shipping')) {
    const shipping = obj(params, 'shipping');
    const value: Shipping | null = shipping
      ? {
          address: addressParam(obj(shipping, 'address') ?? {}),
          name: str(shipping, 'name') ?? '',
          phone: nullableString(str(shipping, 'phone') ?? ''),
        }
      : null;
    customer.shipping = value;
  }
  const locales = params['preferred_locales'];
  if (Array.isArray(locales)) customer.preferredLocales = locales.map(String);
  const taxExempt = str(params, 'tax_exempt');
  if (taxExempt !== undefined) customer.taxExempt = taxExempt === '' ? 'none' : (taxExempt as CustomerRecord['taxExempt']);
  const balance = int(params, 'balance');
  if (balance !== undefined) customer.balance = balance;
  const sequence = int(params, 'next_invoice_sequence');
  if (sequence !== undefined) {
    if (sequence < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'next_invoice_sequence' });
    customer.nextInvoiceSequence = sequence;
  }
  const prefix = str(params, 'invoice_prefix');
  if (prefix !== undefined) {
    if (!/^[A-Z0-9]{3,12}$/.test(prefix)) {
      throw invalidRequest('Invoice prefix must be between 3 and 12 uppercase letters or numbers.', { param: 'invoice_prefix' });
    }
    customer.invoicePrefix = prefix;
  }
  const invoiceSettings = obj(params, 'invoice_settings');
  if (invoiceSettings && has(invoiceSettings, 'default_payment_method')) {
    const wanted = str(invoiceSettings, 'default_payment_method') ?? '';
    const id = wanted === (str(params, 'payment_method') ?? null) && attachedNow ? attachedNow : wanted;
    if (id === '') customer.defaultPaymentMethod = null;
    else if (id === attachedNow) customer.defaultPaymentMethod = id;
    else {
      const method = ctx.store.paymentMethods.get(id);
      if (!method || method.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
          { param: 'invoice_settings[default_payment_method]' },
        );
      }
      customer.defaultPaymentMethod = id;
    }
  }
}

function newCustomer(ctx: Pick<RequestContext, 'store' | 'nextSeq'>, created: number): CustomerRecord {
  return {
    id: newId('cus', 14),
    created,
    seq: ctx.nextSeq(),
    livemode: ctx.store.livemode,
    email: null,
    name: null,
    description: null,
    phone: null,
    metadata: {},
    address: null,
    shipping: null,
    preferredLocales: [],
    taxExempt: 'none',
    balance: 0,
    invoicePrefix: randomAlphanumeric(8).toUpperCase(),
    nextInvoiceSequence: 1,
    defaultPaymentMethod: null,
    defaultSource: null,
  };
}

function createCustomer(ctx: RequestContext): unknown {
  const customer = newCustomer(ctx, ctx.now());
  const token = str(ctx.params, 'payment_method');
  let method: PaymentMethodRecord | undefined;
  if (token !== undefined) method = paymentMethodToAttach(ctx, token, customer.id, 'payment_method');
  applyCustomerParams(ctx, customer, ctx.params, method?.id ?? null);
  if (method) {
    method.customer = customer.id;
    if (!ctx.store.paymentMethods.get(method.id)) ctx.store.paymentMethods.add(method);
  }
  ctx.store.customers.add(customer);
  return renderCustomer(customer);
}

function retrieveCustomer(ctx: RequestContext): unknown {
  const id = ctx.pathParams['customer'] ?? '';
  if (ctx.store.deletedCustomers.has(id)) return deletedStub(id, 'customer');
  return renderCustomer(liveCustomer(ctx, id));
}

function updateCustomer(ctx: RequestContext): unknown {
  const stored = liveCustomer(ctx, ctx.pathParams['customer'] ?? '');
  const draft: CustomerRecord = { ...stored };
  applyCustomerParams(ctx, draft, ctx.params, null);
  Object.assign(stored, draft);
  return renderCustomer(stored);
}

function deleteCustomer(ctx: RequestContext): unknown {
  const customer = liveCustomer(ctx, ctx.pathParams['customer'] ?? '');
  ctx.store.customers.remove(customer.id);
  ctx.store.deletedCustomers.add(customer.id);
  for (const method of ctx.store.paymentMethods.newestFirst((pm) => pm.customer === customer.id)) method.customer = null;
  return deletedStub(customer.id, 'customer');
}

function listCustomers(ctx: RequestContext): unknown {
  const { customers } = ctx.store;
  const paging = listParams(ctx.params, customers, 'customer');
  const email = str(ctx.params, 'email');
  const created = createdParam(ctx.params);
  const page = customers.page({
    ...paging,
    ...(created ? { created } : {}),
    ...(email !== undefined ? { filter: (c: CustomerRecord) => c.email === email } : {}),
  });
  return list('/v1/customers', page.data.map(renderCustomer), page.hasMore);
}

function encodePage(position: Position): string {
  return Buffer.from(`${position.created}:${position.seq}`).toString('base64url');
}

function decodePage(page: string): Position {
  const [created, seq] = Buffer.from(page, 'base64url').toString('utf8').split(':').map(Number);
  if (created === undefined || seq === undefined || !Number.isInteger(created) || !Number.isInteger(seq)) {
    throw invalidRequest(`Invalid page: ${page}`, { param: 'page' });
  }
  return { created, seq };
}

function searchCustomers(ctx: RequestContext): unknown {
  let predicate: (customer: CustomerRecord) => boolean;
  try {
    predicate = parseCustomerQuery(str(ctx.params, 'query') ?? '');
  } catch (error) {
    if (error instanceof SearchQueryError) throw invalidRequest(error.message, { param: 'query' });
    throw error;
  }
  const limit = limitParam(ctx.params);
  const page = str(ctx.params, 'page');
  const result = ctx.store.customers.page({
    limit,
    filter: predicate,
    ...(page !== undefined && page !== '' ? { after: decodePage(page) } : {}),
  });
  const last = result.data[result.data.length - 1];
  const body: Record<string, unknown> = {
    object: 'search_result',
    data: result.data.map(renderCustomer),
    has_more: result.hasMore,
    next_page: result.hasMore && last ? encodePage(last) : null,
    url: '/v1/customers/search',
  };
  const expand = ctx.params['expand'];
  if (Array.isArray(expand) && expand.includes('total_count')) {
    body['total_count'] = ctx.store.customers.newestFirst(predicate).length;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Payment methods
// ---------------------------------------------------------------------------------------------

/** Stripe's test PaymentMethod tokens; each use materialises a new `pm_…`. */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, CardProfile>> = {
  pm_card_visa: { brand: 'visa', last4: '4242', funding: 'credit', behaviour: 'succeed' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', behaviour: 'succeed' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', behaviour: 'succeed' },
  pm_card_amex: { brand: 'amex', last4: '0005', funding: 'credit', behaviour: 'succeed' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', behaviour: 'decline' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', funding: 'credit', behaviour: 'insufficient_funds' },
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', funding: 'credit', behaviour: 'decline_after_attach' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', funding: 'credit', behaviour: 'authentication_required' },
  pm_card_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', funding: 'credit', behaviour: 'lost_card' },
  pm_card_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979', funding: 'credit', behaviour: 'stolen_card' },
};

export function materialise(
  ctx: Pick<RequestContext, 'store' | 'account' | 'now' | 'nextSeq'>,
  card: CardProfile,
  expiry: { expMonth: number; expYear: number } = { expMonth: 12, expYear: new Date().getUTCFullYear() + 1 },
): PaymentMethodRecord {
  return {
    id: newId('pm'),
    created: ctx.now(),
    seq: ctx.nextSeq(),
    livemode: ctx.store.livemode,
    customer: null,
    card,
    expMonth: expiry.expMonth,
    expYear: expiry.expYear,
    fingerprint: createHash('sha256').update(`${ctx.account.id}:${card.brand}:${card.last4}`).digest('base64url').slice(0, 16),
    metadata: {},
  };
}

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
}

export const DECLINES: Partial<Record<CardProfile['behaviour'], Decline>> = {
  decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  decline_after_attach: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  lost_card: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  stolen_card: { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
  authentication_required: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
};

export function requestLogUrl(ctx: RequestContext): string {
  return `https://dashboard.stripe.com/${ctx.store.livemode ? '' : 'test/'}logs/${ctx.requestId}`;
}

/**
 * The PaymentMethod an attach (or `customers.create({payment_method})`) would attach; not stored yet.
 * Like Stripe, cards that decline every charge are refused when attached (use pm_card_chargeCustomerFail
 * for a card that attaches and then declines).
 */
export function paymentMethodToAttach(ctx: RequestContext, id: string, customerId: string, param: string): PaymentMethodRecord {
  const card = TEST_PAYMENT_METHODS[id];
  if (card) {
    if (card.behaviour === 'decline' || card.behaviour === 'insufficient_funds' || card.behaviour === 'lost_card' || card.behaviour === 'stolen_card') {
      const decline = DECLINES[card.behaviour];
      if (decline) {
        throw new StripeHttpError(402, {
          type: 'card_error',
          ...decline,
          param: '',
          doc_url: docUrl(decline.code),
          request_log_url: requestLogUrl(ctx),
        });
      }
    }
    return materialise(ctx, card);
  }
  const method = ctx.store.paymentMethods.get(id);
  if (!method) throw resourceMissing('PaymentMethod', id, param, param === 'payment_method' ? 400 : 404);
  if (method.customer !== null && method.customer !== customerId) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      param,
      code: 'payment_method_unexpected_state',
    });
  }
  return method;
}

function attachPaymentMethod(ctx: RequestContext): unknown {
  const customerId = str(ctx.params, 'customer') ?? '';
  const customer = liveCustomer(ctx, customerId, 'customer', 400);
  const method = paymentMethodToAttach(ctx, ctx.pathParams['payment_method'] ?? '', customer.id, 'payment_method');
  method.customer = customer.id;
  if (!ctx.store.paymentMethods.get(method.id)) ctx.store.paymentMethods.add(method);
  return renderPaymentMethod(method);
}

function listMethods(ctx: RequestContext, url: string, customerId: string | undefined): unknown {
  const { paymentMethods } = ctx.store;
  const paging = listParams(ctx.params, paymentMethods, 'payment_method');
  const type = str(ctx.params, 'type');
  const page = paymentMethods.page({
    ...paging,
    filter: (pm) => (customerId === undefined || pm.customer === customerId) && (type === undefined || type === 'card'),
  });
  return list(url, page.data.map(renderPaymentMethod), page.hasMore);
}

function listPaymentMethods(ctx: RequestContext): unknown {
  const customerId = str(ctx.params, 'customer');
  if (customerId !== undefined) liveCustomer(ctx, customerId, 'customer', 400);
  return listMethods(ctx, '/v1/payment_methods', customerId);
}

function retrievePaymentMethod(ctx: RequestContext): unknown {
  const id = ctx.pathParams['payment_method'] ?? '';
  const method = ctx.store.paymentMethods.get(id);
  if (!method) throw resourceMissing('payment_method', id, 'payment_method');
  return renderPaymentMethod(method);
}

function listCustomerPaymentMethods(ctx: RequestContext): unknown {
  const customer = liveCustomer(ctx, ctx.pathParams['customer'] ?? '', 'customer');
  return listMethods(ctx, `/v1/customers/${customer.id}/payment_methods`, customer.id);
}

// ---------------------------------------------------------------------------------------------
// Payment intents
// ---------------------------------------------------------------------------------------------

/** Stripe's minimum charge amounts for a few currencies (in the smallest unit). */
const MINIMUM_AMOUNTS: Record<string, number> = {
  usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, nzd: 50, chf: 50, jpy: 50, sar: 200, dkk: 250, sek: 300, nok: 300,
};

function formatAmount(amount: number, currency: string): string {
  const major = ZERO_DECIMAL_CURRENCIES.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return currency === 'usd' ? `$${major} usd` : `${major} ${currency}`;
}

function checkAmount(amount: number, currency: string): void {
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount' });
  const minimum = MINIMUM_AMOUNTS[currency];
  if (minimum !== undefined && amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)}`, { param: 'amount', code: 'amount_too_small' });
  }
  if (amount > 99_999_999) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(99_999_999, currency)}`, { param: 'amount', code: 'amount_too_large' });
  }
}

export function intentPaymentMethod(ctx: RequestContext, id: string, customerId: string | null): PaymentMethodRecord {
  const card = TEST_PAYMENT_METHODS[id];
  if (card) {
    const method = materialise(ctx, card);
    ctx.store.paymentMethods.add(method);
    return method;
  }
  const method = ctx.store.paymentMethods.get(id);
  if (!method) throw resourceMissing('PaymentMethod', id, 'payment_method', 400);
  if (method.customer !== null && customerId === null) {
    throw invalidRequest(
      `The provided PaymentMethod ${id} is attached to a Customer. To use it, you must also provide that Customer's ID in the \`customer\` parameter.`,
      { param: 'payment_method' },
    );
  }
  if (method.customer !== null && method.customer !== customerId) {
    throw invalidRequest(
      `The provided PaymentMethod ${id} belongs to a different Customer than ${String(customerId)}. Use a PaymentMethod attached to that Customer.`,
      { param: 'payment_method' },
    );
  }
  return method;
}

function createPaymentIntent(ctx: RequestContext): unknown {
  const { params } = ctx;
  const amount = int(params, 'amount') ?? 0;
  const currency = (str(params, 'currency') ?? '').toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(currency)) {
    throw invalidRequest(
      `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
      { param: 'currency' },
    );
  }
  checkAmount(amount, currency);
  const customerId = str(params, 'customer') ?? null;
  if (customerId !== null) liveCustomer(ctx, customerId, 'customer', 400);
  const confirm = bool(params, 'confirm') ?? false;
  const offSession = params['off_session'];
  const isOffSession = offSession === true || offSession === 'one_off' || offSession === 'recurring';
  if (has(params, 'off_session') && !confirm) {
    throw invalidRequest('You may only specify `off_session` when `confirm` is set to true.', { param: 'off_session' });
  }
  const types = Array.isArray(params['payment_method_types']) ? params['payment_method_types'].map(String) : undefined;
  for (const type of types ?? []) {
    if (type !== 'card') {
      throw invalidRequest(
        `The payment method type "${type}" is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`,
        { param: 'payment_method_types' },
      );
    }
  }
  const automaticParam = obj(params, 'automatic_payment_methods');
  const automatic: PaymentIntentRecord['automaticPaymentMethods'] = automaticParam
    ? {
        enabled: bool(automaticParam, 'enabled') ?? false,
        ...(str(automaticParam, 'allow_redirects') === 'never' ? { allow_redirects: 'never' as const } : { allow_redirects: 'always' as const }),
      }
    : types
      ? null
      : { enabled: true, allow_redirects: 'always' };
  if (confirm) {
    if (!str(params, 'payment_method')) {
      throw invalidRequest(
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        { code: 'payment_intent_unexpected_state' },
      );
    }
    if (automatic?.enabled && automatic.allow_redirects !== 'never' && !isOffSession && !str(params, 'return_url')) {
      throw invalidRequest(
        "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
      );
    }
    if (ctx.store.livemode && !ctx.account.chargesEnabled) {
      throw invalidRequest('Your account cannot currently make live charges.', { code: 'account_invalid' });
    }
  }
  const receiptEmail = str(params, 'receipt_email') ?? null;
  checkEmail(receiptEmail, 'receipt_email');
  const pmParam = str(params, 'payment_method');
  const method = pmParam ? intentPaymentMethod(ctx, pmParam, customerId) : undefined;
  const id = newId('pi');
  const intent: PaymentIntentRecord = {
    id,
    created: ctx.now(),
    seq: ctx.nextSeq(),
    livemode: ctx.store.livemode,
    amount,
    amountReceived: 0,
    amountCapturable: 0,
    currency,
    customer: customerId,
    paymentMethod: method?.id ?? null,
    status: method ? 'requires_confirmation' : 'requires_payment_method',
    description: str(params, 'description') ?? null,
    metadata: mergeMetadata({}, params['metadata']),
    captureMethod: (str(params, 'capture_method') as PaymentIntentRecord['captureMethod'] | undefined) ?? 'automatic_async',
    confirmationMethod: (str(params, 'confirmation_method') as PaymentIntentRecord['confirmationMethod'] | undefined) ?? 'automatic',
    clientSecret: `${id}_secret_${randomAlphanumeric(25)}`,
    automaticPaymentMethods: automatic,
    paymentMethodTypes: types ?? ['card'],
    receiptEmail,
    setupFutureUsage: (str(params, 'setup_future_usage') as PaymentIntentRecord['setupFutureUsage'] | undefined) ?? null,
    statementDescriptor: str(params, 'statement_descriptor') ?? null,
    statementDescriptorSuffix: str(params, 'statement_descriptor_suffix') ?? null,
    latestCharge: null,
    lastPaymentError: null,
    nextAction: null,
  };
  ctx.store.paymentIntents.add(intent);
  if (confirm && method) confirmIntent(ctx, intent, method, isOffSession || bool(params, 'error_on_requires_action') === true);
  return renderPaymentIntent(intent);
}

export function confirmIntent(ctx: RequestContext, intent: PaymentIntentRecord, method: PaymentMethodRecord, mustNotNeedAction: boolean): void {
  const behaviour = method.card.behaviour;
  if (behaviour === 'succeed') {
    intent.latestCharge = newId('ch');
    if (intent.captureMethod === 'manual') {
      intent.status = 'requires_capture';
      intent.amountCapturable = intent.amount;
    } else {
      intent.status = 'succeeded';
      intent.amountReceived = intent.amount;
    }
    return;
  }
  if (behaviour === 'authentication_required' && !mustNotNeedAction) {
    intent.status = 'requires_action';
    intent.nextAction = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: {
        type: 'three_d_secure_redirect',
        stripe_js: `https://hooks.stripe.com/redirect/authenticate/${newId('src')}`,
        source: newId('src'),
      },
    };
    return;
  }
  const decline = DECLINES[behaviour];
  if (!decline) return;
  const charge = newId('ch');
  const error: StripeErrorBody = {
    type: 'card_error',
    ...decline,
    charge,
    doc_url: docUrl(decline.code),
    payment_method: renderPaymentMethod(method),
  };
  intent.status = 'requires_payment_method';
  intent.paymentMethod = null;
  intent.latestCharge = charge;
  intent.lastPaymentError = { ...error };
  throw new StripeHttpError(402, {
    ...error,
    payment_intent: renderPaymentIntent(intent),
    request_log_url: requestLogUrl(ctx),
  });
}

function retrievePaymentIntent(ctx: RequestContext): unknown {
  const id = ctx.pathParams['intent'] ?? '';
  const intent = ctx.store.paymentIntents.get(id);
  if (!intent) throw resourceMissing('payment_intent', id, 'intent');
  return renderPaymentIntent(intent);
}

// ---------------------------------------------------------------------------------------------
// Webhook endpoints
// ---------------------------------------------------------------------------------------------

/** Stripe keeps at most 16 webhook endpoints per account in test mode. */
export const TEST_MODE_WEBHOOK_ENDPOINT_LIMIT = 16;

function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0') return true;
  const octets = host.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o))) return false;
  const [a = 0, b = 0] = octets;
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
}

function checkWebhookUrl(ctx: RequestContext, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(`Invalid URL: ${url}`, { param: 'url', code: 'url_invalid' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidRequest(`Invalid URL: ${url}. URLs must begin with http:// or https://.`, { param: 'url', code: 'url_invalid' });
  }
  if (isPrivateHost(parsed.hostname)) {
    throw invalidRequest(
      'Invalid URL: URL must be publicly accessible. Consider using a tool like the Stripe CLI to test webhooks locally: https://github.com/stripe/stripe-cli',
      { param: 'url', code: 'url_invalid' },
    );
  }
  if (ctx.store.livemode && parsed.protocol !== 'https:') {
    throw invalidRequest(`Invalid URL: ${url}. Live mode webhook endpoints must use HTTPS.`, { param: 'url', code: 'url_invalid' });
  }
}

function liveWebhookEndpoint(ctx: RequestContext): WebhookEndpointRecord {
  const id = ctx.pathParams['webhook_endpoint'] ?? '';
  const endpoint = ctx.store.webhookEndpoints.get(id);
  if (!endpoint) throw resourceMissing('webhook endpoint', id, 'webhook_endpoint');
  return endpoint;
}

function createWebhookEndpoint(ctx: RequestContext): unknown {
  const { params } = ctx;
  const url = str(params, 'url') ?? '';
  checkWebhookUrl(ctx, url);
  if (!ctx.store.livemode && ctx.store.webhookEndpoints.size >= TEST_MODE_WEBHOOK_ENDPOINT_LIMIT) {
    throw invalidRequest(
      `You have reached the maximum of ${TEST_MODE_WEBHOOK_ENDPOINT_LIMIT} test webhook endpoints on this account. Delete an unused endpoint before adding another.`,
    );
  }
  const endpoint: WebhookEndpointRecord = {
    id: newId('we'),
    created: ctx.now(),
    seq: ctx.nextSeq(),
    livemode: ctx.store.livemode,
    url,
    enabledEvents: (params['enabled_events'] as unknown[]).map(String),
    description: nullableString(str(params, 'description') ?? ''),
    metadata: mergeMetadata({}, params['metadata']),
    secret: `whsec_${randomAlphanumeric(32)}`,
    status: 'enabled',
    apiVersion: str(params, 'api_version') ?? null,
  };
  ctx.store.webhookEndpoints.add(endpoint);
  return renderWebhookEndpoint(endpoint, true);
}

function updateWebhookEndpoint(ctx: RequestContext): unknown {
  const endpoint = liveWebhookEndpoint(ctx);
  const { params } = ctx;
  const url = str(params, 'url');
  if (url !== undefined) checkWebhookUrl(ctx, url);
  const metadata = mergeMetadata(endpoint.metadata, params['metadata']);
  if (url !== undefined) endpoint.url = url;
  if (Array.isArray(params['enabled_events'])) endpoint.enabledEvents = params['enabled_events'].map(String);
  const description = str(params, 'description');
  if (description !== undefined) endpoint.description = nullableString(description);
  const disabled = bool(params, 'disabled');
  if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
  endpoint.metadata = metadata;
  return renderWebhookEndpoint(endpoint);
}

function listWebhookEndpoints(ctx: RequestContext): unknown {
  const { webhookEndpoints } = ctx.store;
  const page = webhookEndpoints.page(listParams(ctx.params, webhookEndpoints, 'webhook endpoint'));
  return list('/v1/webhook_endpoints', page.data.map((endpoint) => renderWebhookEndpoint(endpoint)), page.hasMore);
}

function deleteWebhookEndpoint(ctx: RequestContext): unknown {
  const endpoint = liveWebhookEndpoint(ctx);
  ctx.store.webhookEndpoints.remove(endpoint.id);
  return deletedStub(endpoint.id, 'webhook_endpoint');
}

// ---------------------------------------------------------------------------------------------
// Route table
// ---------------------------------------------------------------------------------------------

/** The routes of this file; routes.ts adds the others. */
export const RESOURCE_ROUTES: readonly Route[] = [
  { method: 'GET', template: '/v1/account', permission: 'account_read', handle: getAccount },
  { method: 'GET', template: '/v1/balance', permission: 'balance_read', handle: getBalance },
  { method: 'GET', template: '/v1/country_specs/{country}', permission: null, handle: getCountrySpec },
  { method: 'POST', template: '/v1/customers', permission: 'customers_write', handle: createCustomer },
  { method: 'GET', template: '/v1/customers', permission: 'customers_read', handle: listCustomers },
  { method: 'GET', template: '/v1/customers/search', permission: 'customers_read', handle: searchCustomers },
  { method: 'GET', template: '/v1/customers/{customer}', permission: 'customers_read', handle: retrieveCustomer },
  { method: 'POST', template: '/v1/customers/{customer}', permission: 'customers_write', handle: updateCustomer },
  { method: 'DELETE', template: '/v1/customers/{customer}', permission: 'customers_write', handle: deleteCustomer },
  {
    method: 'GET',
    template: '/v1/customers/{customer}/payment_methods',
    permission: 'payment_methods_read',
    handle: listCustomerPaymentMethods,
  },
  { method: 'GET', template: '/v1/payment_methods', permission: 'payment_methods_read', handle: listPaymentMethods },
  { method: 'GET', template: '/v1/payment_methods/{payment_method}', permission: 'payment_methods_read', handle: retrievePaymentMethod },
  {
    method: 'POST',
    template: '/v1/payment_methods/{payment_method}/attach',
    permission: 'payment_methods_write',
    handle: attachPaymentMethod,
  },
  { method: 'POST', template: '/v1/payment_intents', permission: 'payment_intents_write', handle: createPaymentIntent },
  { method: 'GET', template: '/v1/payment_intents/{intent}', permission: 'payment_intents_read', handle: retrievePaymentIntent },
  { method: 'POST', template: '/v1/webhook_endpoints', permission: 'webhook_endpoints_write', handle: createWebhookEndpoint },
  { method: 'GET', template: '/v1/webhook_endpoints', permission: 'webhook_endpoints_read', handle: listWebhookEndpoints },
  {
    method: 'GET',
    template: '/v1/webhook_endpoints/{webhook_endpoint}',
    permission: 'webhook_endpoints_read',
    handle: (ctx) => renderWebhookEndpoint(liveWebhookEndpoint(ctx)),
  },
  {
    method: 'POST',
    template: '/v1/webhook_endpoints/{webhook_endpoint}',
    permission: 'webhook_endpoints_write',
    handle: updateWebhookEndpoint,
  },
  {
    method: 'DELETE',
    template: '/v1/webhook_endpoints/{webhook_endpoint}',
    permission: 'webhook_endpoints_write',
    handle: deleteWebhookEndpoint,
  },
];

/** A legacy card to seed as a customer's default_source. */
export interface SeedLegacyCard {
  brand?: LegacyCardRecord['brand'];
  last4?: string;
  expMonth: number;
  expYear: number;
}

/** Direct seeding (no HTTP): a customer with the given fields and `created`. */
export function seedCustomerInto(
  ctx: Pick<RequestContext, 'store' | 'nextSeq' | 'now'>,
  fields: {
    email?: string;
    name?: string;
    description?: string;
    metadata?: Record<string, string>;
    created?: number;
    legacyCard?: SeedLegacyCard;
  },
): CustomerRecord {
  const customer = newCustomer(ctx, fields.created ?? ctx.now());
  customer.email = fields.email ?? null;
  customer.name = fields.name ?? null;
  customer.description = fields.description ?? null;
  customer.metadata = { ...(fields.metadata ?? {}) };
  if (fields.legacyCard) {
    const { brand = 'Visa', last4 = '4242', expMonth, expYear } = fields.legacyCard;
    customer.defaultSource = {
      id: newId('card'),
      brand,
      last4,
      expMonth,
      expYear,
      funding: 'credit',
      fingerprint: createHash('sha256').update(`legacy:${brand}:${last4}`).digest('base64url').slice(0, 16),
    };
  }
  ctx.store.customers.add(customer);
  return customer;
}
