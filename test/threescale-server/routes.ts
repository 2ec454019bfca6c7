/**
 * The endpoints the fake 3scale serves, each as porta's controller does it (app/controllers/
 * admin/api/{providers,accounts}_controller.rb, finance/api/{invoices,line_items,
 * payment_transactions}_controller.rb, admin/api/cms/templates_controller.rb): which API and
 * scopes guard it, how it paginates, and what it answers.
 */
import { liquidSyntaxError } from './liquid-syntax';
import {
  paginate,
  representAccount,
  representCollection,
  representInvoice,
  representLineItem,
  representProvider,
  representTemplate,
  representTransaction,
} from './representers';
import { chargeInvoice, stripeClient } from './stripe-link';
import type { StripeGatewaySettings } from './stripe-link';
import type { InvoiceRecord, InvoiceState, TokenScope, World } from './store';
import type { ApiName } from './spec';

export interface RouteContext {
  world: World;
  /** 'http://host:port', for links. */
  base: string;
  pathParams: Record<string, unknown>;
  /** Query and form parameters, typed by the description. */
  params: Record<string, unknown>;
  stripe: StripeGatewaySettings | null;
  chargeDelayMs: number;
}

export interface RouteAnswer {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'PUT' | 'POST';
  /** e.g. '/api/invoices/{id}.json' */
  template: string;
  api: ApiName;
  /** Admin::Api::BaseController: account_management; Finance: finance or account_management; CMS: cms or account_management. */
  scopes: TokenScope[];
  handle(ctx: RouteContext): RouteAnswer | Promise<RouteAnswer>;
}

export const NOT_FOUND: RouteAnswer = { status: 404, body: { status: 'Not found' } };

const ok = (body: unknown): RouteAnswer => ({ status: 200, body });
const errors = (field: string, message: string): RouteAnswer => ({ status: 422, body: { errors: { [field]: [message] } } });

/** Admin::Api::Filters::Pagination: a page or per_page outside its range falls back to the default. */
function pageParams(params: Record<string, unknown>, defaultPerPage: number): { page: number; perPage: number } {
  const page = Number(params['page'] ?? 1);
  const perPage = Number(params['per_page'] ?? defaultPerPage);
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    perPage: Number.isInteger(perPage) && perPage >= 1 && perPage <= 500 ? perPage : defaultPerPage,
  };
}

const ACCOUNT_MANAGEMENT: TokenScope[] = ['account_management'];
const FINANCE: TokenScope[] = ['finance', 'account_management'];
const CMS: TokenScope[] = ['cms', 'account_management'];

function invoiceOr404(ctx: RouteContext, key: string): InvoiceRecord | undefined {
  return ctx.world.invoices.get(Number(ctx.pathParams[key]));
}

/** Invoice's state machine (app/models/invoice.rb): event → from states → to state. */
const TRANSITIONS: { to: InvoiceState; from: InvoiceState[] }[] = [
  { to: 'finalized', from: ['open'] },
  { to: 'pending', from: ['open', 'finalized'] },
  { to: 'unpaid', from: ['pending'] },
  { to: 'paid', from: ['unpaid', 'pending', 'failed'] },
  { to: 'failed', from: ['unpaid'] },
  { to: 'cancelled', from: ['open', 'finalized', 'pending', 'unpaid', 'failed'] },
];

function today(world: World): string {
  return world.now().toISOString().slice(0, 10);
}

function transition(world: World, invoice: InvoiceRecord, to: InvoiceState): void {
  const now = world.now();
  if (to === 'pending') {
    invoice.issuedOn = today(world);
    invoice.dueOn = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  }
  if (to === 'paid') invoice.paidAt = now;
  invoice.state = to;
  invoice.updatedAt = now;
}

async function charge(ctx: RouteContext): Promise<RouteAnswer> {
  const { world } = ctx;
  const invoice = invoiceOr404(ctx, 'id');
  if (!invoice) return NOT_FOUND;
  if (!['pending', 'failed', 'unpaid'].includes(invoice.state)) {
    return errors('state', `Invoice ${invoice.id} is not in chargeable state!`);
  }
  const failed = errors('base', 'Failed to charge the credit card.');
  const buyer = world.accounts.get(invoice.buyerAccountId);
  const cost = world.invoiceCost(invoice.id);
  // Invoice#chargeable?: not paid, a gateway configured, a positive cost, a buyer paying monthly.
  if (!ctx.stripe || cost.total <= 0 || !buyer?.monthlyChargingEnabled) {
    if (cost.total <= 0) transition(world, invoice, 'cancelled');
    return failed;
  }
  // Account#charge!: no stored card raises CreditCardMissing, which a manual charge turns into "failed".
  if (!buyer.card || !buyer.stripeCustomerId) return failed;
  if (ctx.chargeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, ctx.chargeDelayMs));
  const pending = [...invoice.paymentIntents].reverse().find((intent) => intent.state !== 'succeeded');
  const outcome = await chargeInvoice(stripeClient(ctx.stripe), {
    amountCents: Math.round(cost.total * 100),
    currency: invoice.currency,
    customerId: buyer.stripeCustomerId,
    paymentMethodId: buyer.card.paymentMethodId,
    description: `${world.provider.orgName} API services ${invoice.friendlyId}`,
    invoiceId: invoice.id,
    pendingPaymentIntentId: pending?.reference ?? null,
  });
  const record = (success: boolean, reference: string | null, message: string, test: boolean): void => {
    world.transactions.push({
      id: world.id(),
      invoiceId: invoice.id,
      accountId: buyer.id,
      reference,
      success,
      amount: cost.total,
      currency: invoice.currency,
      action: 'purchase',
      message,
      test,
      createdAt: world.now(),
    });
  };
  const remember = (reference: string | null, state: string | null): void => {
    if (!reference || !state) return;
    const known = invoice.paymentIntents.find((intent) => intent.reference === reference);
    if (known) known.state = state;
    else invoice.paymentIntents.push({ reference, state });
  };
  switch (outcome.kind) {
    case 'succeeded':
      remember(outcome.paymentIntentId, outcome.status);
      record(true, outcome.paymentIntentId, 'Transaction approved', !outcome.livemode);
      transition(world, invoice, 'paid');
      return ok(representInvoice(world, invoice, ctx.base));
    case 'failed':
      remember(outcome.paymentIntentId, outcome.status);
      record(false, outcome.reference, outcome.message, !outcome.livemode);
      return failed;
    case 'rate_limited':
      // GatewayRateLimitError is re-raised for Sidekiq to retry: the API request ends in a 500.
      record(false, null, outcome.message, true);
      return { status: 500, body: { status: 500, error: 'Internal Server Error' } };
  }
}

export const ROUTES: Route[] = [
  {
    method: 'GET',
    template: '/admin/api/provider.json',
    api: 'account_management',
    scopes: ACCOUNT_MANAGEMENT,
    handle: (ctx) => ok(representProvider(ctx.world.provider, ctx.base)),
  },
  {
    method: 'GET',
    template: '/admin/api/accounts.json',
    api: 'account_management',
    scopes: ACCOUNT_MANAGEMENT,
    handle: (ctx) => {
      const { page, perPage } = pageParams(ctx.params, 500);
      const state = ctx.params['state'];
      const all = [...ctx.world.accounts.values()].filter((a) => state === undefined || a.state === state).sort((a, b) => a.id - b.id);
      return ok(representCollection('accounts', paginate(all, page, perPage), (a) => representAccount(a, ctx.base)));
    },
  },
  {
    method: 'GET',
    template: '/admin/api/accounts/{id}.json',
    api: 'account_management',
    scopes: ACCOUNT_MANAGEMENT,
    handle: (ctx) => {
      const account = ctx.world.accounts.get(Number(ctx.pathParams['id']));
      return account ? ok(representAccount(account, ctx.base)) : NOT_FOUND;
    },
  },
  {
    method: 'GET',
    template: '/api/invoices.json',
    api: 'billing',
    scopes: FINANCE,
    handle: (ctx) => {
      const { page, perPage } = pageParams(ctx.params, 20);
      const { state, month } = ctx.params;
      const all = [...ctx.world.invoices.values()]
        .filter((i) => (state === undefined || i.state === state) && (month === undefined || i.period === month))
        .sort((a, b) => a.id - b.id);
      return ok(representCollection('invoices', paginate(all, page, perPage), (i) => representInvoice(ctx.world, i, ctx.base)));
    },
  },
  {
    method: 'GET',
    template: '/api/invoices/{id}.json',
    api: 'billing',
    scopes: FINANCE,
    handle: (ctx) => {
      const invoice = invoiceOr404(ctx, 'id');
      return invoice ? ok(representInvoice(ctx.world, invoice, ctx.base)) : NOT_FOUND;
    },
  },
  {
    method: 'GET',
    template: '/api/invoices/{invoice_id}/line_items.json',
    api: 'billing',
    scopes: FINANCE,
    handle: (ctx) => {
      const invoice = invoiceOr404(ctx, 'invoice_id');
      if (!invoice) return NOT_FOUND;
      const items = ctx.world.lineItems.filter((item) => item.invoiceId === invoice.id);
      return ok({ line_items: items.map((item) => representLineItem(item, invoice, ctx.base)) });
    },
  },
  {
    method: 'GET',
    template: '/api/invoices/{invoice_id}/payment_transactions.json',
    api: 'billing',
    scopes: FINANCE,
    handle: (ctx) => {
      const invoice = invoiceOr404(ctx, 'invoice_id');
      if (!invoice) return NOT_FOUND;
      const transactions = ctx.world.transactions.filter((t) => t.invoiceId === invoice.id);
      return ok({ payment_transactions: transactions.map((t) => representTransaction(t, ctx.base)) });
    },
  },
  {
    method: 'PUT',
    template: '/api/invoices/{id}/state.json',
    api: 'billing',
    scopes: FINANCE,
    handle: (ctx) => {
      const invoice = invoiceOr404(ctx, 'id');
      if (!invoice) return NOT_FOUND;
      const to = ctx.params['state'] as InvoiceState;
      const allowed = TRANSITIONS.some((t) => t.to === to && t.from.includes(invoice.state));
      if (!allowed) return errors('base', `Cannot transition to ${to}`);
      transition(ctx.world, invoice, to);
      return ok(representInvoice(ctx.world, invoice, ctx.base));
    },
  },
  {
    method: 'POST',
    template: '/api/invoices/{id}/charge.json',
    api: 'billing',
    scopes: FINANCE,
    handle: charge,
  },
  {
    method: 'GET',
    template: '/admin/api/cms/templates.json',
    api: 'cms',
    scopes: CMS,
    handle: (ctx) => {
      // Admin::Api::CMS::BaseController#per_page: default 20, at most 100; below 1 WillPaginate refuses (404).
      const requested = ctx.params['per_page'];
      const perPage = requested === undefined ? 20 : Math.min(Number(requested), 100);
      if (perPage < 1) return NOT_FOUND;
      const { page } = pageParams(ctx.params, 20);
      const short = ctx.params['content'] !== true;
      const all = [...ctx.world.templates.values()].sort((a, b) => a.id - b.id);
      return ok(representCollection('collection', paginate(all, page, perPage), (t) => representTemplate(t, short)));
    },
  },
  {
    method: 'GET',
    template: '/admin/api/cms/templates/{id}.json',
    api: 'cms',
    scopes: CMS,
    handle: (ctx) => {
      const template = ctx.world.templates.get(Number(ctx.pathParams['id']));
      return template ? ok(representTemplate(template, false)) : NOT_FOUND;
    },
  },
  {
    method: 'PUT',
    template: '/admin/api/cms/templates/{id}.json',
    api: 'cms',
    scopes: CMS,
    handle: (ctx) => {
      const template = ctx.world.templates.get(Number(ctx.pathParams['id']));
      if (!template) return NOT_FOUND;
      // TemplatesController::ALLOWED_PARAMS: what each type may change; the rest is dropped.
      const allowed: Record<string, string[]> = {
        page: ['title', 'path', 'system_name', 'section_id', 'layout_id', 'draft'],
        builtin_page: ['layout_id', 'draft'],
        layout: ['system_name', 'draft', 'title'],
        partial: ['system_name', 'draft'],
        builtin_partial: ['draft'],
      };
      const fields = allowed[template.type] ?? [];
      const p = ctx.params;
      const liquidError = typeof p['draft'] === 'string' ? liquidSyntaxError(p['draft']) : null;
      if (fields.includes('draft') && liquidError) return errors('draft', liquidError);
      if (fields.includes('draft') && typeof p['draft'] === 'string') template.draft = p['draft'];
      if (fields.includes('title') && typeof p['title'] === 'string') template.title = p['title'];
      if (fields.includes('path') && typeof p['path'] === 'string') template.path = p['path'];
      if (fields.includes('system_name') && typeof p['system_name'] === 'string') template.systemName = p['system_name'];
      if (fields.includes('layout_id') && typeof p['layout_id'] === 'number') template.layoutId = p['layout_id'];
      if (fields.includes('section_id') && typeof p['section_id'] === 'number') template.sectionId = p['section_id'];
      template.updatedAt = ctx.world.now();
      return ok(representTemplate(template, false));
    },
  },
  {
    method: 'PUT',
    template: '/admin/api/cms/templates/{id}/publish.json',
    api: 'cms',
    scopes: CMS,
    handle: (ctx) => {
      const template = ctx.world.templates.get(Number(ctx.pathParams['id']));
      if (!template) return NOT_FOUND;
      // CMS::Template#publish!: only a draft is published, and the draft is then gone.
      if (template.draft !== null) {
        template.published = template.draft;
        template.draft = null;
        template.updatedAt = ctx.world.now();
      }
      return ok(representTemplate(template, false));
    },
  },
];
