/**
 * The fake 3scale's world: one provider (tenant) with its buyer accounts, invoices and their line
 * items and payment transactions, developer portal templates, and access tokens. Plain records;
 * what 3scale returns is built from them in representers.ts.
 */

export type TokenScope = 'finance' | 'account_management' | 'cms' | 'stats' | 'policy_registry';

export interface AccessTokenRecord {
  value: string;
  scopes: TokenScope[];
  /** 'ro' tokens are refused on writes (403), as porta's read-only transactions do. */
  permission: 'ro' | 'rw';
  expired: boolean;
}

export interface ProviderRecord {
  id: number;
  orgName: string;
  /** e.g. 'acme-admin.3scale.net' (porta's external_admin_domain). */
  adminDomain: string;
  /** The developer portal's domain, e.g. 'acme.3scale.net'. */
  domain: string;
  fromEmail: string;
  supportEmail: string;
  financeSupportEmail: string;
  siteAccessCode: string | null;
  /** porta's billing_strategy: without it the Billing API answers 403 "Finance module not enabled". */
  financeEnabled: boolean;
  createdAt: Date;
}

export type AccountState = 'pending' | 'approved' | 'rejected' | 'suspended';

export interface BuyerAccountRecord {
  id: number;
  orgName: string;
  state: AccountState;
  email: string;
  monthlyBillingEnabled: boolean;
  monthlyChargingEnabled: boolean;
  /** payment_detail: what 3scale keeps of the card (Stripe gateway). */
  card: StoredCard | null;
  /** payment_detail.credit_card_auth_code: the Stripe customer id. */
  stripeCustomerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredCard {
  paymentMethodId: string;
  partialNumber: string;
  /** Date.new(exp_year, exp_month): the first day of the expiry month, 'YYYY-MM-01'. */
  expiresOn: string;
}

export type InvoiceState = 'open' | 'finalized' | 'pending' | 'paid' | 'unpaid' | 'failed' | 'cancelled';

export interface InvoiceRecord {
  id: number;
  buyerAccountId: number;
  friendlyId: string;
  state: InvoiceState;
  /** 'YYYY-MM' */
  period: string;
  currency: string;
  vatRate: number | null;
  issuedOn: string | null;
  dueOn: string | null;
  paidAt: Date | null;
  creationType: 'manual' | 'background';
  /** PaymentIntent ids 3scale stored for this invoice, with their last known status. */
  paymentIntents: { reference: string; state: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface LineItemRecord {
  id: number;
  invoiceId: number;
  name: string;
  description: string | null;
  quantity: number | null;
  /** Without VAT, in the invoice's currency. */
  cost: number;
  type: 'LineItem::PlanCost' | 'LineItem::VariableCost' | null;
  createdAt: Date;
}

export interface PaymentTransactionRecord {
  id: number;
  invoiceId: number;
  accountId: number;
  reference: string | null;
  success: boolean;
  amount: number;
  currency: string;
  action: 'purchase';
  message: string | null;
  test: boolean;
  createdAt: Date;
}

export type TemplateType = 'page' | 'builtin_page' | 'builtin_static_page' | 'partial' | 'builtin_partial' | 'layout';

export interface TemplateRecord {
  id: number;
  type: TemplateType;
  title: string | null;
  systemName: string | null;
  path: string | null;
  sectionId: number | null;
  layoutId: number | null;
  draft: string | null;
  published: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export class World {
  readonly tokens = new Map<string, AccessTokenRecord>();
  readonly accounts = new Map<number, BuyerAccountRecord>();
  readonly invoices = new Map<number, InvoiceRecord>();
  readonly lineItems: LineItemRecord[] = [];
  readonly transactions: PaymentTransactionRecord[] = [];
  readonly templates = new Map<number, TemplateRecord>();
  private nextId = 10;

  constructor(
    public provider: ProviderRecord,
    readonly now: () => Date,
  ) {}

  /** porta's ids are global across tables; one counter gives distinct, increasing ids. */
  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  invoiceCost(invoiceId: number): { withoutVat: number; vat: number; total: number } {
    const invoice = this.invoices.get(invoiceId);
    const withoutVat = round2(this.lineItems.filter((item) => item.invoiceId === invoiceId).reduce((sum, item) => sum + item.cost, 0));
    const vat = round2((withoutVat * (invoice?.vatRate ?? 0)) / 100);
    return { withoutVat, vat, total: round2(withoutVat + vat) };
  }
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
