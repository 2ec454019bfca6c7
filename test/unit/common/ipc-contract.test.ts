import { describe, expect, it } from 'vitest';
import { CHANNELS, FEATURE_CHANNELS, IPC_CHANNELS, isIpcChannel } from '../../../common/ipc-contract';
import { createAppCore } from '../../../main/app-core';
import { memoryDraftStore } from '../../../main/persistence/draft-file';
import { memoryCustomersCache } from '../../support/memory-customers-cache';
import { memoryStore } from '../../support/memory-store';
import { createTestEncryptor } from '../../support/test-encryptor';
import { testNativeShell } from '../../support/test-native-shell';

describe('the IPC contract', () => {
  it('joins the features’ channel tables without one hiding another', () => {
    const perFeature = Object.values(FEATURE_CHANNELS).flatMap((table) => Object.keys(table));
    expect(new Set(perFeature).size).toBe(perFeature.length);
    expect([...perFeature].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('gives every channel its own API method', () => {
    const methods = IPC_CHANNELS.map((c) => CHANNELS[c].method);
    expect(new Set(methods).size).toBe(methods.length);
  });

  it('knows its channels, and nothing inherited', () => {
    expect(isIpcChannel('settings:get')).toBe(true);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'settings:GET', 42, null]) {
      expect(isIpcChannel(name), String(name)).toBe(false);
    }
  });

  it('has a handler for every channel in the table app-core builds, and no other', () => {
    const core = createAppCore({
      store: memoryStore({}),
      drafts: memoryDraftStore(),
      native: testNativeShell({}),
      customersCache: memoryCustomersCache(),
      encryptor: createTestEncryptor(),
      osUser: 'tester',
      allowedOrigins: [],
    });
    expect(Object.keys(core.dispatchOptions.table).sort()).toEqual([...IPC_CHANNELS].sort());
    for (const handler of Object.values(core.dispatchOptions.table)) expect(typeof handler).toBe('function');
  });
});
