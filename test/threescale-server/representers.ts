/**
 * What 3scale answers, shaped as porta's representers (app/representers/*.rb) render JSON:
 *   - a resource is wrapped in its name (`wraps_resource`): {"account": {…}}, {"invoice": {…}};
 *   - a collection is {"accounts": [{"account": {…}}, …]} plus, only when there is more than one
 *     page, "metadata": {per_page, total_entries, total_pages, current_page}
 *     (ThreeScale::Api::Collection#paginated?);
 *   - CMS templates are not wrapped: a template is a bare object with its "type", the list is
 *     {"collection": [...]} (CMS::TemplatesRepresenter);
 *   - Roar skips nil properties unless `render_nil: true`; links are [{rel, href}] and nil links
 *     are left out; times are ISO 8601 without fractions (time_precision 0), dates 'YYYY-MM-DD',
 *     an invoice's period is a Month, encoded as {begin, end}.
 */
import type {
  BuyerAccountRecord,
  InvoiceRecord,
  LineItemRecord,
  PaymentTransactionRecord,
  ProviderRecord,
  TemplateRecord,
  World,
} from './store';

type Json = Record<string, unknown>;

export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Drops undefined and null values, as Roar does for properties without `render_nil`. */
function compact(object: Json, renderNil: string[] = []): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (value === null && !renderNil.includes(key)) continue;
    out[key] = value;
  }
  return out;
}

function links(base: string, entries: [string, string | null][]): { rel: string; href: string }[] {
  return entries.filter((entry): entry is [string, string] => entry[1] !== null).map(([rel, path]) => ({ rel, href: `${base}${path}` }));
}

export function representProvider(provider: ProviderRecord, base: string): Json {
  return {
    account: compact({
      id: provider.id,
      created_at: isoTime(provider.createdAt),
      updated_at: isoTime(provider.createdAt),
      admin_domain: provider.adminDomain,
      domain: provider.domain,
      admin_base_url: `https://${provider.adminDomain}/`,
      base_url: `https://${provider.domain}/`,
      from_email: provider.fromEmail,
      support_email: provider.supportEmail,
      finance_support_email: provider.financeSupportEmail,
      site_access_code: provider.siteAccessCode,
      credit_card_stored: false,
      monthly_billing_enabled: true,
      monthly_charging_enabled: true,
      state: 'approved',
      annotations: {},
      org_name: provider.orgName,
      links: links(base, [
        ['self', null],
        ['users', '/admin/api/users'],
      ]),
    }),
  };
}

export function representAccount(account: BuyerAccountRecord, base: string): Json {
  const stored = account.card !== null;
  return {
    account: compact({
      id: account.id,
      created_at: isoTime(account.createdAt),
      updated_at: isoTime(account.updatedAt),
      credit_card_stored: stored,
      monthly_billing_enabled: account.monthlyBillingEnabled,
      monthly_charging_enabled: account.monthlyChargingEnabled,
      credit_card_partial_number: stored ? account.card?.partialNumber : undefined,
      credit_card_expires_on: stored ? account.card?.expiresOn : undefined,
      state: account.state,
      annotations: {},
      org_name: account.orgName,
      links: links(base, [
        ['self', `/admin/api/accounts/${account.id}`],
        ['users', `/admin/api/accounts/${account.id}/users`],
      ]),
    }),
  };
}

function monthRange(period: string): { begin: string; end: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { begin: `${period}-01`, end: `${period}-${String(last).padStart(2, '0')}` };
}

export function representInvoice(world: World, invoice: InvoiceRecord, base: string): Json {
  const cost = world.invoiceCost(invoice.id);
  return {
    invoice: compact(
      {
        id: invoice.id,
        friendly_id: invoice.friendlyId,
        created_at: isoTime(invoice.createdAt),
        updated_at: isoTime(invoice.updatedAt),
        state: invoice.state,
        paid_at: invoice.paidAt ? isoTime(invoice.paidAt) : null,
        due_on: invoice.dueOn,
        issued_on: invoice.issuedOn,
        // Invoice#currency: the provider's while open or finalized, else the one frozen at issue;
        // an invoice cancelled before it was issued has none (nil, left out).
        currency: invoice.state === 'cancelled' && invoice.issuedOn === null ? null : invoice.currency,
        cost: cost.total,
        vat_rate: invoice.vatRate,
        vat_amount: cost.vat,
        cost_without_vat: cost.withoutVat,
        period: monthRange(invoice.period),
        creation_type: invoice.creationType,
        links: links(base, [
          ['account', `/admin/api/accounts/${invoice.buyerAccountId}`],
          ['self', `/api/invoices/${invoice.id}`],
          ['payment_transactions', `/api/invoices/${invoice.id}/payment_transactions`],
          ['line_items', `/api/invoices/${invoice.id}/line_items`],
        ]),
      },
      ['vat_rate'],
    ),
  };
}

export function representLineItem(item: LineItemRecord, invoice: InvoiceRecord, base: string): Json {
  return {
    line_item: compact({
      id: item.id,
      name: item.name,
      description: item.description,
      quantity: item.quantity,
      cost: item.cost,
      type: item.type,
      created_at: isoTime(item.createdAt),
      updated_at: isoTime(item.createdAt),
      links: links(base, [['invoice', `/api/accounts/${invoice.buyerAccountId}/invoices/${invoice.id}`]]),
    }),
  };
}

export function representTransaction(transaction: PaymentTransactionRecord, base: string): Json {
  return {
    payment_transaction: compact({
      id: transaction.id,
      created_at: isoTime(transaction.createdAt),
      updated_at: isoTime(transaction.createdAt),
      reference: transaction.reference,
      success: transaction.success,
      amount: transaction.amount,
      currency: transaction.currency,
      action: transaction.action,
      message: transaction.message,
      test: transaction.test,
      links: links(base, [
        ['invoice', `/api/invoices/${transaction.invoiceId}`],
        ['account', `/admin/api/accounts/${transaction.accountId}`],
      ]),
    }),
  };
}

/**
 * CMS::PageRepresenter (pages and builtin pages; only a CMS::Page has section, path, content type,
 * liquid, handler and hidden), CMS::PartialRepresenter (partials, builtin partials) and
 * CMS::LayoutRepresenter. `short` (the list without content=true) leaves out draft and published.
 */
export function representTemplate(template: TemplateRecord, short: boolean): Json {
  const content = short ? {} : { draft: template.draft, published: template.published };
  const head = { id: template.id, type: template.type, created_at: isoTime(template.createdAt), updated_at: isoTime(template.updatedAt) };
  switch (template.type) {
    case 'partial':
    case 'builtin_partial':
      return compact({ ...head, system_name: template.systemName, ...content }, ['draft', 'published']);
    case 'layout':
      return compact({ ...head, title: template.title, system_name: template.systemName, liquid_enabled: true, ...content }, [
        'draft',
        'published',
      ]);
    case 'page':
      return compact(
        {
          ...head,
          title: template.title,
          system_name: template.systemName,
          layout_id: template.layoutId,
          section_id: template.sectionId,
          path: template.path,
          content_type: 'text/html',
          liquid_enabled: true,
          hidden: false,
          ...content,
        },
        ['system_name', 'layout_id', 'draft', 'published'],
      );
    default:
      return compact({ ...head, title: template.title, system_name: template.systemName, layout_id: template.layoutId, ...content }, [
        'system_name',
        'layout_id',
        'draft',
        'published',
      ]);
  }
}

export interface Page<T> {
  items: T[];
  perPage: number;
  currentPage: number;
  totalEntries: number;
}

export function paginate<T>(all: T[], page: number, perPage: number): Page<T> {
  return { items: all.slice((page - 1) * perPage, page * perPage), perPage, currentPage: page, totalEntries: all.length };
}

/** ThreeScale::Api::Collection#to_json: the items under `root`, metadata only when paginated. */
export function representCollection<T>(root: string, page: Page<T>, item: (value: T) => Json): Json {
  const out: Json = { [root]: page.items.map(item) };
  if (page.perPage < page.totalEntries) {
    out['metadata'] = {
      per_page: page.perPage,
      total_entries: page.totalEntries,
      total_pages: Math.ceil(page.totalEntries / page.perPage),
      current_page: page.currentPage,
    };
  }
  return out;
}
