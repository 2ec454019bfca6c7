// A stand-in for Electron's safeStorage in Node tests: real AES-256-GCM with a key kept
// in a file of the app's data folder, so that a restart (same folder) can decrypt.
// The backend it reports is chosen by the test, to exercise the keychain warnings.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeychainBackend } from '../../common/ipc-contract';
import type { Encryptor } from '../../main/domain/vault';

export function createTestEncryptor(options: { keyFile?: string; backend?: KeychainBackend } = {}): Encryptor {
  let key: Buffer;
  if (options.keyFile && existsSync(options.keyFile)) {
    key = readFileSync(options.keyFile);
  } else {
    key = randomBytes(32);
    if (options.keyFile) {
      mkdirSync(path.dirname(options.keyFile), { recursive: true });
      writeFileSync(options.keyFile, key, { mode: 0o600 });
    }
  }
  const backend = options.backend ?? 'os';
  return {
    backend: () => backend,
    backendName: () => (backend === 'basic_text' ? 'basic_text' : 'test keychain'),
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
