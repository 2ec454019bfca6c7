// Classification of customers as 3scale writes them: the organisation from the description,
// every card with its status, chargeable when one card is usable, duplicates (newest in use,
// the others stale), problems and counts; filters and search.
import { describe, expect, it } from 'vitest';
import type { CardSummary } from '../../../../main/customers/cards';
import {
  classifyCustomers,
  customersByDeveloperAccount,
  filterRows,
  searchRows,
  type CustomerRecord,
  type CustomerRow,
} from '../../../../main/customers/classify';

const PROVIDER = '2445582535751';
const NOW = new Date('2026-03-10T12:00:00Z');

let cardSerial = 0;
function card(expMonth: number | null, expYear: number | null, extra: Partial<CardSummary> = {}): CardSummary {
  cardSerial += 1;
  return { id: `pm_${cardSerial}`, type: 'card', brand: 'visa', last4: '4242', expMonth, expYear, source: 'setup_intent', ...extra };
}

let serial = 0;
function customer(fields: Partial<CustomerRecord> & { reference?: string }): CustomerRecord {
  serial += 1;
  const { reference, ...rest } = fields;
  return {
    id: `cus_${String(serial).padStart(4, '0')}`,
    name: null,
    description: null,
    email: null,
    created: 1_700_000_000 + serial,
    deleted: false,
    metadata: reference === undefined ? {} : { '3scale_account_reference': reference },
    cards: [card(12, 2030)],
    ...rest,
  };
}

const ref = (account: string, provider = PROVIDER) => `3scale-${provider}-${account}`;

function row(rows: CustomerRow[], id: string): CustomerRow {
  const found = rows.find((r) => r.customerId === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

describe('classifyCustomers', () => {
  const ok = customer({ reference: ref('100'), description: 'Acme Ltd', email: 'billing@acme.example' });
  const both = customer({ reference: ref('101'), description: 'Both Co', name: 'Jane Doe' });
  const nameOnly = customer({ reference: ref('102'), name: 'Name Only Inc' });
  const soon = customer({ reference: ref('103'), cards: [card(3, 2026)] });
  const expired = customer({ reference: ref('104'), cards: [card(1, 2026), card(11, 2025)] });
  const mixed = customer({ reference: ref('105'), cards: [card(1, 2025), card(5, 2028)] });
  const twoCards = customer({ reference: ref('106'), cards: [card(1, 2029), card(6, 2030, { brand: 'mastercard', last4: '4444' })] });
  const defaultFirst = customer({ reference: ref('107'), cards: [card(1, 2031), card(4, 2029, { source: 'invoice_settings' })] });
  const noCard = customer({ reference: ref('108'), cards: [] });
  const legacy = customer({ reference: ref('109'), cards: [card(8, 2030, { id: 'card_1', source: 'default_source' })] });
  const other = customer({ reference: ref('100', '99') });
  const malformed = customer({ reference: '3scale-2445582535751-0100' });
  const none = customer({ metadata: { plan: 'gold' } });
  const dupOld = customer({ reference: ref('200'), created: 1_600_000_000 });
  const dupMid = customer({ reference: ref('200'), created: 1_650_000_000, cards: [] });
  const dupNew = customer({ reference: ref('200'), created: 1_690_000_000, cards: [card(2, 2027)] });
  const deleted = customer({ reference: ref('200'), created: 1_695_000_000, deleted: true });
  const deletedStub = customer({ deleted: true, metadata: {}, cards: [] });
  const all = [ok, both, nameOnly, soon, expired, mixed, twoCards, defaultFirst, noCard, legacy, other, malformed, none, dupOld, dupMid, dupNew, deleted, deletedStub];
  const { rows, summary } = classifyCustomers({ providerId: PROVIDER, now: NOW, customers: all });

  it('shows the organisation from the description 3scale writes, else the name; both when both are set', () => {
    expect(row(rows, ok.id)).toMatchObject({ organisation: 'Acme Ltd', description: 'Acme Ltd', name: null, email: 'billing@acme.example' });
    expect(row(rows, both.id)).toMatchObject({ organisation: 'Both Co', name: 'Jane Doe' });
    expect(row(rows, nameOnly.id)).toMatchObject({ organisation: 'Name Only Inc', description: null });
    expect(row(rows, soon.id).organisation).toBeNull();
  });

  it('lists every card with its status; chargeable when at least one card is usable', () => {
    expect(row(rows, ok.id)).toMatchObject({
      developerAccountId: '100',
      reference: ref('100'),
      cards: [{ expMonth: 12, expYear: 2030, status: 'ok', validThrough: '2030-12-31', source: 'setup_intent' }],
      usableCards: 1,
      cardStatus: 'ok',
      cardValidThrough: '2030-12-31',
      problems: [],
      chargeable: true,
    });
    expect(row(rows, soon.id)).toMatchObject({ cardStatus: 'expires_soon', cardValidThrough: '2026-03-31', usableCards: 1, chargeable: true });
    expect(row(rows, expired.id)).toMatchObject({ cardStatus: 'expired', usableCards: 0, problems: [], chargeable: false });
    // The expired card first? No: the usable one, and the row is chargeable.
    expect(row(rows, mixed.id)).toMatchObject({ cardStatus: 'ok', usableCards: 1, chargeable: true });
    expect(row(rows, mixed.id).cards.map((c) => [c.expYear, c.status])).toEqual([
      [2028, 'ok'],
      [2025, 'expired'],
    ]);
    expect(row(rows, twoCards.id).cards.map((c) => c.last4)).toEqual(['4444', '4242']); // valid longest first
    expect(row(rows, twoCards.id).usableCards).toBe(2);
    // A usable default payment method comes first, even if another card lasts longer.
    expect(row(rows, defaultFirst.id).cards.map((c) => c.source)).toEqual(['invoice_settings', 'setup_intent']);
    expect(row(rows, noCard.id)).toMatchObject({ cards: [], usableCards: 0, cardStatus: 'none', cardValidThrough: null, chargeable: false });
    // A legacy default_source still counts.
    expect(row(rows, legacy.id)).toMatchObject({ cards: [{ id: 'card_1', source: 'default_source', status: 'ok' }], chargeable: true });
  });

  it('names the problems', () => {
    expect(row(rows, other.id)).toMatchObject({
      developerAccountId: null,
      problems: [{ kind: 'other_provider', providerId: '99', developerAccountId: '100' }],
      chargeable: false, // a good card, but not this provider's developer
    });
    expect(row(rows, malformed.id).problems).toEqual([
      { kind: 'malformed_reference', value: '3scale-2445582535751-0100', reason: expect.stringMatching(/leading zeros/) as unknown },
    ]);
    expect(row(rows, none.id).problems).toEqual([{ kind: 'no_reference' }]);
    expect(row(rows, deleted.id)).toMatchObject({ developerAccountId: '200', cards: [], problems: [{ kind: 'deleted' }], chargeable: false });
    expect(row(rows, deletedStub.id).problems).toEqual([{ kind: 'deleted' }]);
  });

  it('duplicates: the newest customer of a developer account is the one 3scale most likely uses, the others are stale', () => {
    expect(row(rows, dupNew.id)).toMatchObject({
      duplicate: { role: 'newest', developerAccountId: '200' },
      problems: [],
      chargeable: true,
    });
    expect(new Set(row(rows, dupNew.id).duplicate?.otherCustomerIds)).toEqual(new Set([dupOld.id, dupMid.id]));
    for (const stale of [dupOld, dupMid]) {
      expect(row(rows, stale.id)).toMatchObject({
        duplicate: { role: 'stale', developerAccountId: '200' },
        problems: [{ kind: 'duplicate_account', developerAccountId: '200', newestCustomerId: dupNew.id }],
        chargeable: false, // even with a good card: 3scale charges the newest
      });
    }
    // The deleted customer of the same account is not a claimant, though it is newer.
    expect(row(rows, deleted.id).duplicate).toBeNull();
    expect(row(rows, ok.id).duplicate).toBeNull();

    const byAccount = customersByDeveloperAccount(rows);
    expect(byAccount.get('200')?.current.customerId).toBe(dupNew.id);
    expect(byAccount.get('200')?.stale.map((r) => r.customerId)).toEqual([dupMid.id, dupOld.id]);
    expect(byAccount.get('100')).toMatchObject({ current: { customerId: ok.id }, stale: [] });
    expect(byAccount.has('99')).toBe(false);
  });

  it('within one second the larger id counts as the newer', () => {
    const a = customer({ id: 'cus_AAAAAAAA', reference: ref('300'), created: 1_700_000_500 });
    const b = customer({ id: 'cus_AAAAAAAB', reference: ref('300'), created: 1_700_000_500 });
    const { rows: twins } = classifyCustomers({ providerId: PROVIDER, now: NOW, customers: [a, b] });
    expect(row(twins, b.id).duplicate?.role).toBe('newest');
    expect(row(twins, a.id).duplicate?.role).toBe('stale');
  });

  it('counts', () => {
    expect(summary).toEqual({
      total: 18,
      chargeable: 9, // ok, both, nameOnly, soon, mixed, twoCards, defaultFirst, legacy, dupNew
      noCard: 2, // noCard, dupMid (deleted ones are not counted)
      expired: 1,
      expiresSoon: 1,
      problems: 7, // other, malformed, none, dupOld, dupMid, deleted, deletedStub
      byProblem: { other_provider: 1, malformed_reference: 1, no_reference: 1, duplicate_account: 2, deleted: 2 },
    });
  });

  it('orders rows by developer account id as a number, unmapped customers last', () => {
    const ids = rows.map((r) => r.developerAccountId);
    expect(ids.slice(0, 14)).toEqual(['100', '101', '102', '103', '104', '105', '106', '107', '108', '109', '200', '200', '200', '200']);
    expect(ids.slice(14)).toEqual([null, null, null, null]);
    const big = classifyCustomers({
      providerId: '1',
      now: NOW,
      customers: [customer({ reference: '3scale-1-10' }), customer({ reference: '3scale-1-9' }), customer({ reference: '3scale-1-100' })],
    });
    expect(big.rows.map((r) => r.developerAccountId)).toEqual(['9', '10', '100']);
  });

  it('needs a valid provider id', () => {
    for (const providerId of ['', '0', '012', 'abc', ' 1']) {
      expect(() => classifyCustomers({ providerId, now: NOW, customers: [] })).toThrow(RangeError);
    }
    expect(classifyCustomers({ providerId: '7', now: NOW, customers: [] }).summary).toMatchObject({ total: 0, chargeable: 0, problems: 0 });
  });

  it('reads only the metadata key 3scale writes', () => {
    const { rows: only } = classifyCustomers({
      providerId: PROVIDER,
      now: NOW,
      customers: [customer({ metadata: { '3scale_account_reference ': ref('5'), '3Scale_account_reference': ref('6') } })],
    });
    expect(only[0]?.problems).toEqual([{ kind: 'no_reference' }]);
  });

  describe('filterRows and searchRows', () => {
    it('filters by problem kind, any or no problem, card status and chargeability', () => {
      const ids = (list: CustomerRow[]) => list.map((r) => r.customerId).sort();
      expect(ids(filterRows(rows, { problem: 'duplicate_account' }))).toEqual([dupOld.id, dupMid.id].sort());
      expect(ids(filterRows(rows, { problem: 'deleted' }))).toEqual([deleted.id, deletedStub.id].sort());
      expect(filterRows(rows, { problem: 'any' })).toHaveLength(7);
      expect(filterRows(rows, { problem: 'none' })).toHaveLength(11);
      expect(ids(filterRows(rows, { cardStatus: 'expired' }))).toEqual([expired.id]);
      expect(ids(filterRows(rows, { problem: 'none', cardStatus: 'none' }))).toEqual([noCard.id]);
      expect(ids(filterRows(rows, { chargeable: true }))).toEqual([ok.id, both.id, nameOnly.id, soon.id, mixed.id, twoCards.id, defaultFirst.id, legacy.id, dupNew.id].sort());
      expect(filterRows(rows, {})).toHaveLength(rows.length);
    });

    it('searches developer account ids and customer ids by prefix', () => {
      expect(searchRows(rows, '10').map((r) => r.developerAccountId)).toEqual(['100', '101', '102', '103', '104', '105', '106', '107', '108', '109']);
      expect(searchRows(rows, ' 108 ').map((r) => r.customerId)).toEqual([noCard.id]);
      expect(searchRows(rows, '2').map((r) => r.developerAccountId)).toEqual(['200', '200', '200', '200']);
      expect(searchRows(rows, '00')).toEqual([]); // a prefix, not a substring
      expect(searchRows(rows, ok.id).map((r) => r.customerId)).toEqual([ok.id]);
      expect(searchRows(rows, ok.id.toUpperCase()).map((r) => r.customerId)).toEqual([ok.id]);
      expect(searchRows(rows, 'cus_')).toHaveLength(rows.length);
      expect(searchRows(rows, '')).toHaveLength(rows.length);
      expect(searchRows(rows, 'nothing')).toEqual([]);
      // A whole reference finds the customers holding it, of any provider.
      expect(searchRows(rows, ref('100', '99')).map((r) => r.customerId)).toEqual([other.id]);
    });
  });
});
