import { describe, expect, it } from 'vitest';
import type { CustomerRowView } from '../../common/ipc-contract';
import { customersCsv, dashboardUrl } from '../../main/customers/customers-screen';
import { UserFacingError } from '../../main/domain/user-facing-error';

const row = (patch: Partial<CustomerRowView>): CustomerRowView => ({
  customerId: 'cus_ABCDEF123456',
  developerAccountId: '101',
  name: 'Acme',
  email: 'billing@acme.example',
  created: 1_764_000_000,
  card: { brand: 'visa', last4: '4242', expMonth: 3, expYear: 2027 },
  cardStatus: 'ok',
  chargeable: true,
  problems: [],
  ...patch,
});

describe('customersCsv', () => {
  it('writes a header and one line per row, with the card expiry as MM/YYYY', () => {
    const lines = customersCsv([row({})]).split('\r\n');
    expect(lines[0]).toBe('developer_account_id,customer_id,name,email,created,card_brand,card_last4,card_expiry,card_status,chargeable,problems');
    expect(lines[1]).toBe('101,cus_ABCDEF123456,Acme,billing@acme.example,2025-11-24T16:00:00.000Z,visa,4242,03/2027,ok,yes,');
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const csv = customersCsv([
      row({ name: 'Smith, "Jo"\nLtd', email: '=HYPERLINK("http://evil")', problems: [{ kind: 'no_reference', detail: 'No 3scale account reference' }] }),
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
