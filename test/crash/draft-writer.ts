// Child process of the crash test: writes drafts through the app's own draft file as
// fast as it can, saying on stdout (synchronous on a pipe) which one it starts and
// which one it finished, until it is killed.
import { draftFile } from '../../main/persistence/draft-file';
import type { StoredDraft } from '../../main/domain/draft';

const directory = process.argv[2];
if (!directory) throw new Error('usage: draft-writer DIR');
const store = draftFile(directory);
let counter = Number(store.read()?.values['billing.invoiceFootnote'] ?? 0);
const padding = 'x'.repeat(20_000); // a draft of realistic size, so a write takes a while

for (;;) {
  counter += 1;
  const draft: StoredDraft = {
    schemaVersion: 1,
    updatedAt: new Date().toISOString(),
    baseRevision: counter,
    base: { 'billing.vatZeroText': padding },
    baseSealed: {},
    values: { 'billing.invoiceFootnote': String(counter) },
    sealedSecrets: {},
  };
  process.stdout.write(`writing ${counter}\n`);
  store.write(draft);
  process.stdout.write(`wrote ${counter}\n`);
}
