import type { CustomerRecord } from '../../main/customers/classify';
import type { CustomersCache } from '../../main/customers/customers-screen';

export function memoryCustomersCache(): CustomersCache {
  const entries = new Map<string, { loadedAt: string; customers: CustomerRecord[] }>();
  return {
    read: (mode) => entries.get(mode) ?? null,
    write: (mode, entry) => {
      entries.set(mode, entry);
    },
  };
}
