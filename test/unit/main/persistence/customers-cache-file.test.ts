// The customers cache on disk keeps 3scale's developer accounts with the customers, and a
// restart reads them back for the same connection only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedAccounts, type CustomersCacheEntry } from '../../../../main/customers/customers-cache';
import { customersCacheFile } from '../../../../main/persistence/customers-cache-file';

const dirs: string[] = [];
function dir(): string {
  const made = mkdtempSync(path.join(tmpdir(), 'customers-cache-'));
  dirs.push(made);
  return made;
}

afterEach(() => {
  for (const made of dirs.splice(0)) rmSync(made, { recursive: true, force: true });
});

const ENTRY: CustomersCacheEntry = {
  loadedAt: '2026-06-10T12:00:00.000Z',
  customers: [],
  threescale: {
    loadedAt: '2026-06-10T12:00:01.000Z',
    adminDomain: 'acme-admin.3scale.net',
    providerId: '2445',
    accounts: [{ id: '7', orgName: 'Dev', state: 'approved', monthlyChargingEnabled: true, monthlyBillingEnabled: true, card: { last4: '4242', expMonth: 3, expYear: 2027 } }],
  },
};

describe('customersCacheFile', () => {
  it('reads back the developer accounts after a restart, for the connection they were loaded from only', () => {
    const folder = dir();
    customersCacheFile(folder).write('test', ENTRY);
    const read = customersCacheFile(folder).read('test');
    expect(read).toEqual(ENTRY);
    if (!read) throw new Error('no entry');
    expect(cachedAccounts(read, 'acme-admin.3scale.net', '2445')).toEqual(ENTRY.threescale);
    expect(cachedAccounts(read, 'other-admin.3scale.net', '2445')).toBeNull();
    expect(cachedAccounts(read, 'acme-admin.3scale.net', '2446')).toBeNull();
  });

  it('a file without accounts (written before 3scale was joined), or with accounts of another shape, has none', () => {
    const folder = dir();
    writeFileSync(path.join(folder, 'customers-test.json'), JSON.stringify({ loadedAt: ENTRY.loadedAt, customers: [] }));
    writeFileSync(path.join(folder, 'customers-live.json'), JSON.stringify({ ...ENTRY, threescale: { ...ENTRY.threescale, accounts: [{ id: 7 }] } }));
    const cache = customersCacheFile(folder);
    const old = cache.read('test');
    const odd = cache.read('live');
    expect(old && cachedAccounts(old, 'acme-admin.3scale.net', '2445')).toBeNull();
    expect(odd && cachedAccounts(odd, 'acme-admin.3scale.net', '2445')).toBeNull();
  });
});
