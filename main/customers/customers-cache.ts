// What the Customers screen keeps of a load, per mode: the Stripe customers and, when 3scale
// was connected, its developer accounts with the domain and provider they were read for.
// A cached part that no longer reads as today's shape is left out (loaded again).

import type { StripeMode } from '../../common/stripe-keys';
import { z } from 'zod';
import { upgradeCachedRecord, type CustomerRecord } from './customer-records';
import { buyerAccountSchema, type BuyerAccount } from './threescale-accounts';

export interface CachedThreescaleAccounts {
  loadedAt: string;
  adminDomain: string;
  providerId: string;
  accounts: BuyerAccount[];
}

export interface CustomersCacheEntry {
  loadedAt: string;
  customers: CustomerRecord[];
  threescale?: CachedThreescaleAccounts;
}

export interface CustomersCache {
  read(mode: StripeMode): CustomersCacheEntry | null;
  write(mode: StripeMode, entry: CustomersCacheEntry): void;
}

/** The cache's customers as records of today (older files kept one payment method per customer). */
export function cachedRecords(entry: { customers: readonly unknown[] }): CustomerRecord[] | null {
  const records: CustomerRecord[] = [];
  for (const value of entry.customers) {
    const record = upgradeCachedRecord(value);
    if (!record) return null;
    records.push(record);
  }
  return records;
}

const cachedThreescaleSchema = z.object({
  loadedAt: z.string(),
  adminDomain: z.string(),
  providerId: z.string(),
  accounts: z.array(buyerAccountSchema),
});

// Checked once per entry read: the screen's view is drawn often.
const checked = new WeakMap<object, CachedThreescaleAccounts | null>();

/** The cached developer accounts, when they are for this admin domain and provider. */
export function cachedAccounts(entry: CustomersCacheEntry, adminDomain: string, providerId: string): CachedThreescaleAccounts | null {
  const raw: unknown = entry.threescale;
  if (raw === undefined || raw === null || typeof raw !== 'object') return null;
  if (!checked.has(raw)) {
    const parsed = cachedThreescaleSchema.safeParse(raw);
    checked.set(raw, parsed.success ? parsed.data : null);
  }
  const value = checked.get(raw) ?? null;
  return value && value.adminDomain === adminDomain && value.providerId === providerId ? value : null;
}
