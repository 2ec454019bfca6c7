// The Customers screen's cache: the last loaded customers of each mode with their time,
// (and 3scale's developer accounts read with them), in customers-test.json and
// customers-live.json beside the settings (atomic writes).
// A cache that cannot be read is simply loaded again: it holds nothing that Stripe lacks.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StripeMode } from '../../common/stripe-keys';
import type { CustomersCache, CustomersCacheEntry } from '../customers/customers-cache';
import { writeFileAtomic } from './atomic-file';

export function customersCacheFile(directory: string): CustomersCache {
  const file = (mode: StripeMode) => path.join(directory, `customers-${mode}.json`);
  const memory = new Map<StripeMode, CustomersCacheEntry | null>();
  return {
    read(mode) {
      if (memory.has(mode)) return memory.get(mode) ?? null;
      let entry: CustomersCacheEntry | null = null;
      try {
        if (existsSync(file(mode))) {
          const parsed = JSON.parse(readFileSync(file(mode), 'utf8')) as { loadedAt?: unknown; customers?: unknown; threescale?: unknown };
          if (typeof parsed.loadedAt === 'string' && Array.isArray(parsed.customers)) {
            // Both parts are checked where they are used (cachedRecords, cachedAccounts).
            entry = { loadedAt: parsed.loadedAt, customers: parsed.customers as CustomersCacheEntry['customers'] };
            if (parsed.threescale !== undefined) entry.threescale = parsed.threescale as NonNullable<CustomersCacheEntry['threescale']>;
          }
        }
      } catch {
        entry = null;
      }
      memory.set(mode, entry);
      return entry;
    },
    write(mode, entry) {
      writeFileAtomic(file(mode), JSON.stringify(entry));
      memory.set(mode, entry);
    },
  };
}
