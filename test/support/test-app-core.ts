// The app core as the unit tests build it: in-memory settings, drafts and customers cache,
// the stand-in encryptor and native shell, the app's own origin trusted. Tests override
// only what they are about (the initial document, a test server's URL, the error log).
import { createAppCore, type AppCoreOptions } from '../../main/app-core';
import { APP_ORIGIN } from '../../main/ipc/sender-policy';
import { memoryDraftStore } from '../../main/persistence/draft-file';
import { memoryCustomersCache } from './memory-customers-cache';
import { memoryStore } from './memory-store';
import { createTestEncryptor } from './test-encryptor';
import { testNativeShell } from './test-native-shell';

export function testAppCore(initial: unknown = {}, overrides: Partial<AppCoreOptions> = {}) {
  const store = memoryStore(initial);
  const core = createAppCore({
    store,
    drafts: memoryDraftStore(),
    native: testNativeShell({}),
    customersCache: memoryCustomersCache(),
    encryptor: createTestEncryptor(),
    osUser: 'tester',
    allowedOrigins: [APP_ORIGIN],
    ...overrides,
  });
  return { ...core, store };
}
