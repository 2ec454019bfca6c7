/** In-memory state of the fake: accounts, and per (account, mode) collections of Stripe objects. */

export type Mode = 'test' | 'live';

/** Where an object sits in Stripe's list order: newest `created` first, then newest insertion. */
export interface Position {
  created: number;
  seq: number;
}

export interface Ordered extends Position {
  id: string;
}

function compare(a: Position, b: Position): number {
  return a.created - b.created || a.seq - b.seq;
}

export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export interface PageRequest<T> {
  limit: number;
  /** Objects older than this position (starting_after, search pages). */
  after?: Position;
  /** Objects newer than this position (ending_before). */
  before?: Position;
  created?: CreatedRange;
  filter?: (item: T) => boolean;
}

/**
 * Objects by id, plus an array in ascending (created, seq) order. Appends are O(1) in the usual case
 * (objects created now); out-of-order inserts (seeded `created`) just mark the array for one sort before
 * the next read, so seeding many customers stays cheap.
 */
export class Collection<T extends Ordered> {
  private readonly byId = new Map<string, T>();
  private ordered: T[] = [];
  private sorted = true;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  add(item: T): void {
    this.byId.set(item.id, item);
    const last = this.ordered[this.ordered.length - 1];
    if (last && compare(last, item) > 0) this.sorted = false;
    this.ordered.push(item);
  }

  remove(id: string): void {
    const item = this.byId.get(id);
    if (!item) return;
    this.byId.delete(id);
    this.ensureSorted();
    const index = this.lowerBound(item);
    if (this.ordered[index] === item) this.ordered.splice(index, 1);
    else this.ordered = this.ordered.filter((other) => other !== item);
  }

  private ensureSorted(): void {
    if (!this.sorted) {
      this.ordered.sort(compare);
      this.sorted = true;
    }
  }

  /** First index whose element is ≥ position. */
  private lowerBound(position: Position): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const item = this.ordered[middle];
      if (item && compare(item, position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First index whose `created` is ≥ created. */
  private createdBound(created: number): number {
    return this.lowerBound({ created, seq: Number.NEGATIVE_INFINITY });
  }

  /** All objects, newest first. */
  newestFirst(filter?: (item: T) => boolean): T[] {
    this.ensureSorted();
    const out: T[] = [];
    for (let i = this.ordered.length - 1; i >= 0; i -= 1) {
      const item = this.ordered[i];
      if (item && (!filter || filter(item))) out.push(item);
    }
    return out;
  }

  /** One page in Stripe's order (newest first), and whether more lie beyond it in that direction. */
  page(request: PageRequest<T>): { data: T[]; hasMore: boolean } {
    this.ensureSorted();
    let low = 0;
    let high = this.ordered.length;
    const range = request.created;
    if (range) {
      if (range.gte !== undefined) low = Math.max(low, this.createdBound(range.gte));
      if (range.gt !== undefined) low = Math.max(low, this.createdBound(range.gt + 1));
      if (range.lte !== undefined) high = Math.min(high, this.createdBound(range.lte + 1));
      if (range.lt !== undefined) high = Math.min(high, this.createdBound(range.lt));
    }
    if (request.after) high = Math.min(high, this.lowerBound(request.after));
    const accepts = (item: T | undefined): item is T => item !== undefined && (!request.filter || request.filter(item));
    const found: T[] = [];
    if (request.before) {
      const start = this.lowerBound(request.before);
      const next = this.ordered[start];
      low = Math.max(low, next && compare(next, request.before) === 0 ? start + 1 : start);
      for (let i = low; i < high && found.length <= request.limit; i += 1) {
        const item = this.ordered[i];
        if (accepts(item)) found.push(item);
      }
      const hasMore = found.length > request.limit;
      return { data: found.slice(0, request.limit).reverse(), hasMore };
    }
    for (let i = high - 1; i >= low && found.length <= request.limit; i -= 1) {
      const item = this.ordered[i];
      if (accepts(item)) found.push(item);
    }
    return { data: found.slice(0, request.limit), hasMore: found.length > request.limit };
  }
}

export interface AccountRecord {
  id: string;
  businessName: string;
  country: string;
  defaultCurrency: string;
  chargesEnabled: boolean;
  email: string;
  created: number;
}

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface Shipping {
  address: Address;
  name: string;
  phone: string | null;
}

export interface CustomerRecord extends Ordered {
  livemode: boolean;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  metadata: Record<string, string>;
  address: Address | null;
  shipping: Shipping | null;
  preferredLocales: string[];
  taxExempt: 'none' | 'exempt' | 'reverse';
  balance: number;
  invoicePrefix: string;
  nextInvoiceSequence: number;
  defaultPaymentMethod: string | null;
  /** A legacy card source (`card_…`) set as default_source, as integrations before PaymentMethods left them. */
  defaultSource: LegacyCardRecord | null;
}

/** A legacy Card object (the Sources/Tokens API), kept only as a customer's default_source. */
export interface LegacyCardRecord {
  id: string;
  /** As legacy cards spell it: 'Visa', 'MasterCard', 'American Express'. */
  brand: 'Visa' | 'MasterCard' | 'American Express';
  last4: string;
  expMonth: number;
  expYear: number;
  funding: 'credit' | 'debit';
  fingerprint: string;
}

/** How a test card behaves. */
export type CardBehaviour =
  | 'succeed'
  | 'decline' // generic_decline, refused when attached too
  | 'insufficient_funds' // refused when attached too
  | 'decline_after_attach' // attaches, then every charge is declined
  | 'authentication_required'
  | 'lost_card' // card_declined / lost_card, a hard decline; refused when attached too
  | 'stolen_card'; // card_declined / stolen_card, likewise

export interface CardProfile {
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
  behaviour: CardBehaviour;
}

export interface PaymentMethodRecord extends Ordered {
  livemode: boolean;
  customer: string | null;
  card: CardProfile;
  expMonth: number;
  expYear: number;
  fingerprint: string;
  metadata: Record<string, string>;
}

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'requires_capture'
  | 'succeeded';

export interface PaymentIntentRecord extends Ordered {
  livemode: boolean;
  amount: number;
  amountReceived: number;
  amountCapturable: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  status: PaymentIntentStatus;
  description: string | null;
  metadata: Record<string, string>;
  captureMethod: 'automatic' | 'automatic_async' | 'manual';
  confirmationMethod: 'automatic' | 'manual';
  clientSecret: string;
  automaticPaymentMethods: { enabled: boolean; allow_redirects?: 'always' | 'never' } | null;
  paymentMethodTypes: string[];
  receiptEmail: string | null;
  setupFutureUsage: 'off_session' | 'on_session' | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  latestCharge: string | null;
  lastPaymentError: Record<string, unknown> | null;
  nextAction: Record<string, unknown> | null;
}

export type SetupIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'succeeded';

export interface SetupIntentRecord extends Ordered {
  livemode: boolean;
  customer: string | null;
  paymentMethod: string | null;
  status: SetupIntentStatus;
  usage: 'off_session' | 'on_session';
  paymentMethodTypes: string[];
  clientSecret: string;
  description: string | null;
  metadata: Record<string, string>;
  lastSetupError: Record<string, unknown> | null;
  nextAction: Record<string, unknown> | null;
}

export interface WebhookEndpointRecord extends Ordered {
  livemode: boolean;
  url: string;
  enabledEvents: string[];
  description: string | null;
  metadata: Record<string, string>;
  secret: string;
  status: 'enabled' | 'disabled';
  apiVersion: string | null;
}

/** Everything one account holds in one mode. */
export class ModeStore {
  readonly customers = new Collection<CustomerRecord>();
  readonly deletedCustomers = new Set<string>();
  readonly paymentMethods = new Collection<PaymentMethodRecord>();
  readonly paymentIntents = new Collection<PaymentIntentRecord>();
  readonly setupIntents = new Collection<SetupIntentRecord>();
  readonly webhookEndpoints = new Collection<WebhookEndpointRecord>();

  constructor(readonly mode: Mode) {}

  get livemode(): boolean {
    return this.mode === 'live';
  }
}
