import { describe, expect, it } from 'vitest';
import type { CustomerRowView } from '../../../../common/ipc-contract';
import { customersCsv, dashboardUrl } from '../../../../main/customers/customers-screen';
import { UserFacingError } from '../../../../main/domain/user-facing-error';

const row = (patch: Partial<CustomerRowView>): CustomerRowView => ({
  customerId: 'cus_ABCDEF123456',
  developerAccountId: '101',
  organisation: 'Acme',
  name: null,
  email: 'billing@acme.example',
  created: 1_764_000_000,
  cards: [
    { brand: 'visa', last4: '4242', expMonth: 3, expYear: 2027, status: 'ok', source: 'setup_intent' },
    { brand: 'mastercard', last4: '4444', expMonth: 1, expYear: 2025, status: 'expired', source: 'setup_intent' },
  ],
  usableCards: 1,
  cardStatus: 'ok',
  duplicate: null,
  chargeable: true,
  problems: [],
  threescale: null,
  ...patch,
});

describe('customersCsv', () => {
  it('writes a header and one line per row: organisation, every card, the best one with its expiry as MM/YYYY, duplicates', () => {
    const lines = customersCsv([
      row({}),
      row({ customerId: 'cus_OLDER0000001', organisation: 'Acme', name: 'Jo Smith', cards: [], usableCards: 0, cardStatus: 'none', chargeable: false, duplicate: { role: 'stale', otherCustomerIds: ['cus_ABCDEF123456'] } }),
    ]).split('\r\n');
    expect(lines[0]).toBe(
      'developer_account_id,customer_id,organisation,name,email,created,cards,usable_cards,card_brand,card_last4,card_expiry,card_status,all_cards,duplicate,chargeable,problems,' +
        'threescale_organisation,threescale_account_state,threescale_charging,threescale_card_last4,threescale_card_expiry,threescale_card_status,threescale_states,threescale_details',
    );
    expect(lines[1]).toBe(
      '101,cus_ABCDEF123456,Acme,,billing@acme.example,2025-11-24T16:00:00.000Z,2,1,visa,4242,03/2027,ok,visa •••• 4242 03/2027 (ok); mastercard •••• 4444 01/2025 (expired),,yes,,,,,,,,,',
    );
    expect(lines[2]).toBe('101,cus_OLDER0000001,Acme,Jo Smith,billing@acme.example,2025-11-24T16:00:00.000Z,0,0,,,,none,,stale,no,,,,,,,,,');
    expect(lines[3]).toBe('');
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const csv = customersCsv([
      row({ organisation: 'Smith, "Jo"\nLtd', email: '=HYPERLINK("http://evil")', problems: [{ kind: 'no_reference', detail: 'No 3scale account reference' }] }),
    ]);
    expect(csv).toContain('"Smith, ""Jo""\nLtd"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain('No 3scale account reference');
  });
});

describe('dashboardUrl', () => {
  it('opens the customer in the mode’s Dashboard', () => {
    expect(dashboardUrl('cus_ABCDEF123456', 'test')).toBe('https://dashboard.stripe.com/test/customers/cus_ABCDEF123456');
    expect(dashboardUrl('cus_ABCDEF123456', 'live')).toBe('https://dashboard.stripe.com/customers/cus_ABCDEF123456');
  });

  it('refuses anything that is not a customer id', () => {
    for (const bad of ['cus_', '../settings', 'cus_abc/../../x', 'https://evil.example', 'cus_ABCDEF123456?x=1']) {
      expect(() => dashboardUrl(bad, 'test'), bad).toThrow(UserFacingError);
    }
  });
});
