import type { CustomersCache, CustomersCacheEntry } from '../../main/customers/customers-cache';

export function memoryCustomersCache(): CustomersCache {
  const entries = new Map<string, CustomersCacheEntry>();
  return {
    read: (mode) => entries.get(mode) ?? null,
    write: (mode, entry) => {
      entries.set(mode, entry);
    },
  };
}
