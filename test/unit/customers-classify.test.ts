import { describe, expect, it } from 'vitest';
import {
  cardStatusOf,
  classifyCustomers,
  filterRows,
  searchRows,
  type CustomerRecord,
  type CustomerRow,
  type PaymentMethodSummary,
} from '../../main/customers/classify';

const PROVIDER = '2445582535751';
const NOW = new Date('2026-03-10T12:00:00Z');

function card(expMonth: number | null, expYear: number | null, extra: Partial<PaymentMethodSummary> = {}): PaymentMethodSummary {
  return { id: 'pm_1', type: 'card', brand: 'visa', last4: '4242', expMonth, expYear, source: 'invoice_settings', ...extra };
}

let serial = 0;
function customer(fields: Partial<CustomerRecord> & { reference?: string }): CustomerRecord {
  serial += 1;
  const { reference, ...rest } = fields;
  return {
    id: `cus_${String(serial).padStart(4, '0')}`,
    name: null,
    email: null,
    created: 1_700_000_000 + serial,
    deleted: false,
    metadata: reference === undefined ? {} : { '3scale_account_reference': reference },
    paymentMethod: card(12, 2030),
    ...rest,
  };
}

const ref = (account: string, provider = PROVIDER) => `3scale-${provider}-${account}`;

function row(rows: CustomerRow[], id: string): CustomerRow {
  const found = rows.find((r) => r.customerId === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

describe('cardStatusOf: a card is valid through the end of its expiry month', () => {
  it.each([
    ['far away', card(12, 2030), 'ok'],
    ['next year', card(3, 2027), 'ok'],
    ['ends this month (21 days left)', card(3, 2026), 'expires_soon'],
    ['ends next month (51 days left)', card(4, 2026), 'ok'],
    ['ended last month', card(2, 2026), 'expired'],
    ['long expired', card(1, 2019), 'expired'],
    ['no payment method', null, 'none'],
    ['a card without a readable expiry', card(null, null), 'none'],
    ['month 13', card(13, 2030), 'none'],
    ['month 0', card(0, 2030), 'none'],
    ['a two-digit year', card(5, 30), 'none'],
    ['a SEPA debit has no expiry', card(null, null, { type: 'sepa_debit', brand: null }), 'ok'],
  ] as const)('%s', (_name, method, status) => {
    expect(cardStatusOf(method, NOW)).toBe(status);
  });

  it('counts 30 days to the very millisecond', () => {
    const method = card(3, 2026); // valid until 2026-04-01T00:00:00Z
    expect(cardStatusOf(method, new Date('2026-03-01T23:59:59.999Z'))).toBe('ok');
    expect(cardStatusOf(method, new Date('2026-03-02T00:00:00Z'))).toBe('expires_soon'); // exactly 30 days left
    expect(cardStatusOf(method, new Date('2026-03-31T23:59:59.999Z'))).toBe('expires_soon');
    expect(cardStatusOf(method, new Date('2026-04-01T00:00:00Z'))).toBe('expired');
    // December rolls over into the next year.
    expect(cardStatusOf(card(12, 2026), new Date('2026-12-31T23:00:00Z'))).toBe('expires_soon');
    expect(cardStatusOf(card(12, 2026), new Date('2027-01-01T00:00:00Z'))).toBe('expired');
  });
});

describe('classifyCustomers', () => {
  const ok = customer({ reference: ref('100'), name: 'Acme', email: 'billing@acme.example' });
  const soon = customer({ reference: ref('101'), paymentMethod: card(3, 2026) });
  const expired = customer({ reference: ref('102'), paymentMethod: card(1, 2026) });
  const noCard = customer({ reference: ref('103'), paymentMethod: null });
  const other = customer({ reference: ref('100', '99') });
  const malformed = customer({ reference: '3scale-2445582535751-0100' });
  const none = customer({ metadata: { plan: 'gold' } });
  const dupA = customer({ reference: ref('200') });
  const dupB = customer({ reference: ref('200'), paymentMethod: card(1, 2020) });
  const dupC = customer({ reference: ref('200'), paymentMethod: null });
  const deleted = customer({ reference: ref('200'), deleted: true, paymentMethod: null });
  const deletedStub = customer({ deleted: true, metadata: {}, paymentMethod: null });
  const all = [ok, soon, expired, noCard, other, malformed, none, dupA, dupB, dupC, deleted, deletedStub];
  const { rows, summary } = classifyCustomers({ providerId: PROVIDER, now: NOW, customers: all });

  it('maps valid references of this provider to developer accounts, with card status', () => {
    expect(row(rows, ok.id)).toMatchObject({
      developerAccountId: '100',
      reference: ref('100'),
      name: 'Acme',
      email: 'billing@acme.example',
      cardStatus: 'ok',
      cardValidThrough: '2030-12-31',
      problems: [],
      chargeable: true,
    });
    expect(row(rows, soon.id)).toMatchObject({ developerAccountId: '101', cardStatus: 'expires_soon', cardValidThrough: '2026-03-31', chargeable: true });
    expect(row(rows, expired.id)).toMatchObject({ developerAccountId: '102', cardStatus: 'expired', problems: [], chargeable: false });
    expect(row(rows, noCard.id)).toMatchObject({ developerAccountId: '103', cardStatus: 'none', cardValidThrough: null, chargeable: false });
  });

  it('names the problems', () => {
    expect(row(rows, other.id)).toMatchObject({
      developerAccountId: null,
      problems: [{ kind: 'other_provider', providerId: '99', developerAccountId: '100' }],
      chargeable: false,
    });
    expect(row(rows, malformed.id).problems).toEqual([
      { kind: 'malformed_reference', value: '3scale-2445582535751-0100', reason: expect.stringMatching(/leading zeros/) as unknown },
    ]);
    expect(row(rows, none.id).problems).toEqual([{ kind: 'no_reference' }]);
    expect(row(rows, deleted.id)).toMatchObject({ developerAccountId: '200', problems: [{ kind: 'deleted' }], chargeable: false });
    expect(row(rows, deletedStub.id).problems).toEqual([{ kind: 'deleted' }]);
  });

  it('flags every live customer of a developer account claimed twice or more, naming the others', () => {
    for (const [self, others] of [
      [dupA, [dupB, dupC]],
      [dupB, [dupA, dupC]],
      [dupC, [dupA, dupB]],
    ] as const) {
      const problems = row(rows, self.id).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toEqual({
        kind: 'duplicate_account',
        developerAccountId: '200',
        otherCustomerIds: expect.arrayContaining(others.map((o) => o.id)) as unknown,
      });
      expect(problems[0]?.kind === 'duplicate_account' && problems[0].otherCustomerIds).toHaveLength(2);
      expect(row(rows, self.id).chargeable).toBe(false); // even with a good card
    }
    // The deleted customer of the same account is not a claimant.
    expect(row(rows, deleted.id).problems.some((p) => p.kind === 'duplicate_account')).toBe(false);
  });

  it('counts', () => {
    expect(summary).toEqual({
      total: 12,
      chargeable: 2, // ok, soon
      noCard: 2, // noCard, dupC (deleted ones are not counted)
      expired: 2, // expired, dupB
      expiresSoon: 1,
      problems: 8, // other, malformed, none, dupA, dupB, dupC, deleted, deletedStub
      byProblem: { other_provider: 1, malformed_reference: 1, no_reference: 1, duplicate_account: 3, deleted: 2 },
    });
  });

  it('orders rows by developer account id as a number, unmapped customers last', () => {
    const ids = rows.map((r) => r.developerAccountId);
    expect(ids.slice(0, 8)).toEqual(['100', '101', '102', '103', '200', '200', '200', '200']);
    expect(ids.slice(8)).toEqual([null, null, null, null]);
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
      expect(ids(filterRows(rows, { problem: 'duplicate_account' }))).toEqual([dupA.id, dupB.id, dupC.id].sort());
      expect(ids(filterRows(rows, { problem: 'deleted' }))).toEqual([deleted.id, deletedStub.id].sort());
      expect(filterRows(rows, { problem: 'any' })).toHaveLength(8);
      expect(ids(filterRows(rows, { problem: 'none' }))).toEqual([ok.id, soon.id, expired.id, noCard.id].sort());
      expect(ids(filterRows(rows, { cardStatus: 'expired' }))).toEqual([expired.id, dupB.id].sort());
      expect(ids(filterRows(rows, { problem: 'none', cardStatus: 'none' }))).toEqual([noCard.id]);
      expect(ids(filterRows(rows, { chargeable: true }))).toEqual([ok.id, soon.id].sort());
      expect(filterRows(rows, {})).toHaveLength(rows.length);
    });

    it('searches developer account ids and customer ids by prefix', () => {
      expect(searchRows(rows, '10').map((r) => r.developerAccountId)).toEqual(['100', '101', '102', '103']);
      expect(searchRows(rows, ' 103 ').map((r) => r.customerId)).toEqual([noCard.id]);
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
