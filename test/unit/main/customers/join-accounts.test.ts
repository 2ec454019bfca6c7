// The join of 3scale's developer accounts with the Stripe customers: every state of issue 11,
// rows for accounts without a customer, where an account's states go when it has several
// customers, and the counts.
import { describe, expect, it } from 'vitest';
import type { CardSummary } from '../../../../main/customers/cards';
import { classifyCustomers, type CustomerRecord } from '../../../../main/customers/classify';
import { joinAccounts, type JoinedRow } from '../../../../main/customers/join-accounts';
import type { BuyerAccount } from '../../../../main/customers/threescale-accounts';

const PROVIDER = '2445';
const NOW = new Date('2026-06-10T12:00:00Z');

let ids = 0;
function card(last4: string, expMonth: number, expYear: number, extra: Partial<CardSummary> = {}): CardSummary {
  ids += 1;
  return { id: `pm_${ids}`, type: 'card', brand: 'visa', last4, expMonth, expYear, source: 'setup_intent', ...extra };
}

function customer(id: string, accountId: string | null, cards: CardSummary[], extra: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id,
    name: null,
    description: `Org ${accountId ?? 'none'}`,
    email: null,
    created: 1_700_000_000,
    deleted: false,
    metadata: accountId === null ? {} : { '3scale_account_reference': accountId.includes('-') ? accountId : `3scale-${PROVIDER}-${accountId}` },
    cards,
    ...extra,
  };
}

function account(id: string, extra: Partial<BuyerAccount> = {}): BuyerAccount {
  return { id, orgName: `Org ${id}`, state: 'approved', monthlyChargingEnabled: true, monthlyBillingEnabled: true, card: null, ...extra };
}

function join(customers: CustomerRecord[], accounts: BuyerAccount[]) {
  const { rows } = classifyCustomers({ providerId: PROVIDER, now: NOW, customers });
  return joinAccounts({ rows, accounts, now: NOW });
}

const kinds = (row: JoinedRow | undefined) => row?.states.map((state) => state.kind);
const byCustomer = (rows: JoinedRow[], id: string) => rows.find((row) => row.customer?.customerId === id);
const byAccount = (rows: JoinedRow[], id: string) => rows.find((row) => row.account?.id === id && row.customer === null);

describe('joinAccounts', () => {
  it('ok: 3scale’s card (last 4 and expiry) is attached to the account’s customer and not expired', () => {
    const { rows, summary } = join(
      [customer('cus_A00001', '101', [card('1111', 1, 2030), card('4242', 12, 2027)])],
      [account('101', { card: { last4: '4242', expMonth: 12, expYear: 2027 } })],
    );
    expect(rows).toHaveLength(1);
    expect(kinds(rows[0])).toEqual(['ok']);
    expect(rows[0]?.states[0]?.detail).toBe("3scale's card •••• 4242 12/2027 is attached to cus_A00001");
    expect(rows[0]?.threescaleCardStatus).toBe('ok');
    expect(summary.byState.ok).toBe(1);
  });

  it('card_not_in_stripe: 3scale holds a card but Stripe has no customer for the account', () => {
    const { rows, summary } = join([], [account('102', { card: { last4: '4242', expMonth: 12, expYear: 2027 } })]);
    const row = byAccount(rows, '102');
    expect(row?.customer).toBeNull();
    expect(kinds(row)).toEqual(['card_not_in_stripe']);
    expect(row?.states[0]?.detail).toContain('Stripe has no customer for developer account 102');
    expect(summary).toMatchObject({ accounts: 1, accountsWithoutCustomer: 1 });
  });

  it('card_not_in_stripe: none of the customer’s cards matches 3scale’s last 4 and expiry (either differing is enough)', () => {
    const { rows } = join(
      [customer('cus_B00001', '103', [card('4242', 11, 2027)]), customer('cus_B00002', '104', [card('4444', 12, 2027)])],
      [account('103', { card: { last4: '4242', expMonth: 12, expYear: 2027 } }), account('104', { card: { last4: '4242', expMonth: 12, expYear: 2027 } })],
    );
    expect(kinds(byCustomer(rows, 'cus_B00001'))).toEqual(['card_not_in_stripe']);
    expect(byCustomer(rows, 'cus_B00001')?.states[0]?.detail).toContain('none of the cards of cus_B00001 matches');
    expect(kinds(byCustomer(rows, 'cus_B00002'))).toEqual(['card_not_in_stripe']);
  });

  it('a payment method that is not a card never matches, nor does a 3scale card without last 4', () => {
    const { rows } = join(
      [customer('cus_C00001', '105', [card('4242', 12, 2027, { type: 'sepa_debit' })]), customer('cus_C00002', '106', [card('4242', 12, 2027)])],
      [account('105', { card: { last4: '4242', expMonth: 12, expYear: 2027 } }), account('106', { card: { last4: null, expMonth: 12, expYear: 2027 } })],
    );
    expect(kinds(byCustomer(rows, 'cus_C00001'))).toEqual(['card_not_in_stripe']);
    expect(kinds(byCustomer(rows, 'cus_C00002'))).toEqual(['card_not_in_stripe']);
  });

  it('card_expired and card_expiring: 3scale’s card has expired, or expires within 30 days (valid through the end of its month)', () => {
    const { rows, summary } = join(
      [customer('cus_D00001', '107', [card('4242', 5, 2026)]), customer('cus_D00002', '108', [card('4242', 6, 2026)]), customer('cus_D00003', '109', [card('4242', 7, 2026)])],
      [
        account('107', { card: { last4: '4242', expMonth: 5, expYear: 2026 } }),
        account('108', { card: { last4: '4242', expMonth: 6, expYear: 2026 } }),
        account('109', { card: { last4: '4242', expMonth: 7, expYear: 2026 } }),
      ],
    );
    // An expired card is labelled expired, never "expiring".
    expect(kinds(byCustomer(rows, 'cus_D00001'))).toEqual(['card_expired']);
    expect(byCustomer(rows, 'cus_D00001')?.states[0]?.detail).toBe("3scale's card •••• 4242 05/2026 has expired");
    expect(byCustomer(rows, 'cus_D00001')?.threescaleCardStatus).toBe('expired');
    expect(kinds(byCustomer(rows, 'cus_D00002'))).toEqual(['card_expiring']);
    expect(byCustomer(rows, 'cus_D00002')?.states[0]?.detail).toBe("3scale's card •••• 4242 06/2026 expires within 30 days");
    // July 2026 is valid through 31 July: more than 30 days after 10 June.
    expect(kinds(byCustomer(rows, 'cus_D00003'))).toEqual(['ok']);
    expect(summary.byState).toMatchObject({ card_expired: 1, card_expiring: 1, ok: 1 });
  });

  it('a card both missing from Stripe and expired carries both states', () => {
    const { rows } = join([], [account('110', { card: { last4: '4242', expMonth: 1, expYear: 2025 } })]);
    expect(kinds(byAccount(rows, '110'))).toEqual(['card_not_in_stripe', 'card_expired']);
  });

  it('a 3scale card whose expiry cannot be read is neither expiring nor expired: no Stripe card can be matched to it', () => {
    const { rows, summary } = join([customer('cus_D00004', '113', [card('4242', 12, 2027)])], [account('113', { card: { last4: '4242', expMonth: null, expYear: null } })]);
    expect(kinds(byCustomer(rows, 'cus_D00004'))).toEqual(['card_not_in_stripe']);
    expect(byCustomer(rows, 'cus_D00004')?.states[0]?.detail).toBe('3scale holds the card •••• 4242 with no readable expiry, so none of the cards of cus_D00004 can be matched to it');
    expect(summary.byState).toMatchObject({ card_expired: 0, card_expiring: 0 });
  });

  it('account_missing: the customer’s developer account does not exist in 3scale (deleted), or belongs to another provider', () => {
    const { rows, summary } = join(
      [
        customer('cus_E00001', '111', [card('4242', 12, 2027)]),
        customer('cus_E00002', '3scale-9999-7', []),
        customer('cus_E00003', null, []),
        customer('cus_E00004', '112', [], { deleted: true }),
      ],
      [],
    );
    expect(kinds(byCustomer(rows, 'cus_E00001'))).toEqual(['account_missing']);
    expect(byCustomer(rows, 'cus_E00001')?.states[0]?.detail).toBe('Developer account 111 does not exist in 3scale (deleted)');
    expect(kinds(byCustomer(rows, 'cus_E00002'))).toEqual(['account_missing']);
    expect(byCustomer(rows, 'cus_E00002')?.states[0]?.detail).toBe('Its developer account 7 belongs to another provider (9999)');
    // No reference at all, or deleted in Stripe: nothing to say about 3scale.
    expect(kinds(byCustomer(rows, 'cus_E00003'))).toEqual([]);
    expect(kinds(byCustomer(rows, 'cus_E00004'))).toEqual([]);
    expect(summary.byState.account_missing).toBe(2);
  });

  it('charging_without_card: charging is on and 3scale holds no card, whatever Stripe has; charging off is no state', () => {
    const { rows, summary } = join(
      [customer('cus_F00001', '113', [card('4242', 12, 2027)]), customer('cus_F00002', '114', [])],
      [account('113'), account('114'), account('115'), account('116', { monthlyChargingEnabled: false })],
    );
    expect(kinds(byCustomer(rows, 'cus_F00001'))).toEqual(['charging_without_card']);
    expect(byCustomer(rows, 'cus_F00001')?.states[0]?.detail).toContain('Stripe has 1 usable card 3scale does not know of');
    expect(kinds(byCustomer(rows, 'cus_F00002'))).toEqual(['charging_without_card']);
    expect(kinds(byAccount(rows, '115'))).toEqual(['charging_without_card']);
    expect(kinds(byAccount(rows, '116'))).toEqual([]);
    expect(summary).toMatchObject({ accounts: 4, accountsWithoutCustomer: 2 });
    expect(summary.byState.charging_without_card).toBe(3);
  });

  it('an account with several customers: its states go on the one holding 3scale’s card; the others carry the account without states', () => {
    const older = customer('cus_G00001', '117', [card('4242', 12, 2027)], { created: 1_600_000_000 });
    const newer = customer('cus_G00002', '117', [card('5555', 12, 2028)], { created: 1_700_000_000 });
    const { rows } = join([older, newer], [account('117', { card: { last4: '4242', expMonth: 12, expYear: 2027 } })]);
    expect(rows.map((row) => row.customer?.customerId)).toEqual(['cus_G00002', 'cus_G00001']);
    expect(kinds(byCustomer(rows, 'cus_G00001'))).toEqual(['ok']);
    expect(byCustomer(rows, 'cus_G00001')?.states[0]?.detail).toContain('(an older customer of the account)');
    expect(kinds(byCustomer(rows, 'cus_G00002'))).toEqual([]);
    expect(byCustomer(rows, 'cus_G00002')?.account?.id).toBe('117');
  });

  it('without a matching card, the newest customer carries the account’s states', () => {
    const older = customer('cus_H00001', '118', [], { created: 1_600_000_000 });
    const newer = customer('cus_H00002', '118', [], { created: 1_700_000_000 });
    const { rows } = join([older, newer], [account('118', { card: { last4: '4242', expMonth: 12, expYear: 2027 } })]);
    expect(kinds(byCustomer(rows, 'cus_H00002'))).toEqual(['card_not_in_stripe']);
    expect(byCustomer(rows, 'cus_H00002')?.states[0]?.detail).toContain('cus_H00002, cus_H00001');
    expect(kinds(byCustomer(rows, 'cus_H00001'))).toEqual([]);
  });

  it('orders rows by developer account id numerically, accounts without a customer among them, customers without an account last', () => {
    const { rows } = join(
      [customer('cus_I00001', null, []), customer('cus_I00002', '1000', []), customer('cus_I00003', '20', [])],
      [account('20'), account('300', { monthlyChargingEnabled: false }), account('1000')],
    );
    expect(rows.map((row) => row.customer?.customerId ?? `account ${row.account?.id}`)).toEqual(['cus_I00003', 'account 300', 'cus_I00002', 'cus_I00001']);
  });
});
