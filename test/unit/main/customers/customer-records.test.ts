// The join behind the Customers screen: a customer from the customers list (default payment
// method and legacy default_source expanded), the cards SetupIntents attached to it, which
// customers still need a look of their own, and older cache files read as today's records.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  joinCustomerPaymentMethods,
  joinSetupIntents,
  needingCardCheck,
  recordFromCustomer,
  upgradeCachedRecord,
  type CustomerRecord,
} from '../../../../main/customers/customer-records';

function stripeCustomer(fields: Partial<Stripe.Customer> & { id: string }): Stripe.Customer {
  return {
    object: 'customer',
    created: 1_700_000_000,
    name: null,
    description: null,
    email: null,
    metadata: {},
    default_source: null,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    ...fields,
  } as Stripe.Customer;
}

function method(id: string, customer: string | null, last4 = '4242', expYear = 2030): Stripe.PaymentMethod {
  return { id, object: 'payment_method', type: 'card', customer, card: { brand: 'visa', last4, exp_month: 12, exp_year: expYear } } as Stripe.PaymentMethod;
}

function intent(id: string, customer: string | null, paymentMethod: Stripe.PaymentMethod | string | null): Stripe.SetupIntent {
  return { id, object: 'setup_intent', customer, payment_method: paymentMethod, status: 'succeeded', usage: 'off_session' } as Stripe.SetupIntent;
}

function records(...list: CustomerRecord[]): Map<string, CustomerRecord> {
  return new Map(list.map((record) => [record.id, record]));
}

describe('recordFromCustomer', () => {
  it('keeps description and name apart (3scale writes the organisation into description), empty strings as none', () => {
    const record = recordFromCustomer(stripeCustomer({ id: 'cus_1', description: 'Acme Ltd', name: '', email: 'a@acme.example', metadata: { '3scale_account_reference': '3scale-7-1' } }));
    expect(record).toEqual({
      id: 'cus_1',
      name: null,
      description: 'Acme Ltd',
      email: 'a@acme.example',
      created: 1_700_000_000,
      deleted: false,
      metadata: { '3scale_account_reference': '3scale-7-1' },
      cards: [],
    });
  });

  it('takes the expanded default payment method and a legacy card default_source as cards', () => {
    const record = recordFromCustomer(
      stripeCustomer({
        id: 'cus_2',
        invoice_settings: { custom_fields: null, default_payment_method: method('pm_default', 'cus_2'), footer: null, rendering_options: null },
        default_source: { id: 'card_legacy', object: 'card', brand: 'Visa', last4: '1881', exp_month: 4, exp_year: 2029 } as Stripe.Card,
      }),
    );
    expect(record.cards.map((c) => [c.id, c.source, c.brand])).toEqual([
      ['pm_default', 'invoice_settings', 'visa'],
      ['card_legacy', 'default_source', 'visa'],
    ]);
    // Unexpanded ids say nothing about the card: the customer's own list will.
    const bare = recordFromCustomer(
      stripeCustomer({ id: 'cus_3', invoice_settings: { custom_fields: null, default_payment_method: 'pm_x', footer: null, rendering_options: null }, default_source: 'card_x' }),
    );
    expect(bare.cards).toEqual([]);
  });
});

describe('joinSetupIntents', () => {
  it("adds each SetupIntent's card to the customer it is attached to now, each card once", () => {
    const withDefault = recordFromCustomer(
      stripeCustomer({ id: 'cus_a', invoice_settings: { custom_fields: null, default_payment_method: method('pm_1', 'cus_a'), footer: null, rendering_options: null } }),
    );
    const twoCards = recordFromCustomer(stripeCustomer({ id: 'cus_b' }));
    const none = recordFromCustomer(stripeCustomer({ id: 'cus_c' }));
    const all = records(withDefault, twoCards, none);
    const added = joinSetupIntents(all, [
      intent('seti_1', 'cus_a', method('pm_1', 'cus_a')), // the default again: not twice
      intent('seti_2', 'cus_b', method('pm_2', 'cus_b', '4444')),
      intent('seti_3', 'cus_b', method('pm_3', 'cus_b', '0005', 2024)),
      intent('seti_4', 'cus_c', method('pm_4', null)), // detached since: counts for nobody
      intent('seti_5', 'cus_c', null), // abandoned: no card
      intent('seti_6', 'cus_c', 'pm_unexpanded'),
      intent('seti_7', 'cus_deleted', method('pm_7', 'cus_deleted')), // a customer not in the list
      intent('seti_8', 'cus_c', method('pm_8', 'cus_b', '1111')), // moved: the payment method's customer is the truth
    ]);
    expect(added).toBe(3);
    expect(withDefault.cards.map((c) => c.id)).toEqual(['pm_1']);
    expect(twoCards.cards.map((c) => [c.id, c.last4, c.source])).toEqual([
      ['pm_2', '4444', 'setup_intent'],
      ['pm_3', '0005', 'setup_intent'],
      ['pm_8', '1111', 'setup_intent'],
    ]);
    expect(none.cards).toEqual([]);
    expect(needingCardCheck(all.values()).map((r) => r.id)).toEqual(['cus_c']);
  });

  it("a customer's own list fills in what the bulk lists left unexplained", () => {
    const lonely = recordFromCustomer(stripeCustomer({ id: 'cus_d' }));
    joinCustomerPaymentMethods(lonely, [method('pm_9', 'cus_d'), method('pm_9', 'cus_d'), method('pm_10', 'cus_d', '5556')]);
    expect(lonely.cards.map((c) => [c.id, c.source])).toEqual([
      ['pm_9', 'customer_payment_methods'],
      ['pm_10', 'customer_payment_methods'],
    ]);
    expect(needingCardCheck([lonely])).toEqual([]);
  });
});

describe('upgradeCachedRecord', () => {
  it('reads a record of an older cache file (one paymentMethod, no description) as today’s', () => {
    const old = {
      id: 'cus_old',
      name: 'Old Co',
      email: null,
      created: 1_600_000_000,
      deleted: false,
      metadata: { '3scale_account_reference': '3scale-7-9' },
      paymentMethod: { id: 'pm_o', type: 'card', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030, source: 'only_attached_card' },
    };
    expect(upgradeCachedRecord(old)).toEqual({
      id: 'cus_old',
      name: 'Old Co',
      description: null,
      email: null,
      created: 1_600_000_000,
      deleted: false,
      metadata: { '3scale_account_reference': '3scale-7-9' },
      cards: [{ id: 'pm_o', type: 'card', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030, source: 'customer_payment_methods' }],
    });
    expect(upgradeCachedRecord({ ...old, paymentMethod: null })?.cards).toEqual([]);
    const current = recordFromCustomer(stripeCustomer({ id: 'cus_new', description: 'New' }));
    expect(upgradeCachedRecord(JSON.parse(JSON.stringify(current)))).toEqual(current);
    expect(upgradeCachedRecord(null)).toBeNull();
    expect(upgradeCachedRecord({ id: 5 })).toBeNull();
  });
});
