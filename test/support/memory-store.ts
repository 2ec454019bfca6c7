import type { DocumentStore } from '../../main/domain/settings-repository';

/** A DocumentStore in memory that keeps every write as the JSON text a file would hold. */
export function memoryStore(initial: unknown = {}): DocumentStore & { writes: string[]; current: () => unknown } {
  let text = JSON.stringify(initial);
  const writes: string[] = [];
  return {
    writes,
    current: () => JSON.parse(text) as unknown,
    read: () => JSON.parse(text) as unknown,
    write: (document) => {
      text = JSON.stringify(document);
      writes.push(text);
    },
  };
}
