// The vault's Encryptor in the app: Electron's safeStorage, which keeps its key in the
// OS keychain (macOS Keychain, Windows DPAPI, libsecret or KWallet on Linux).

import { safeStorage } from 'electron';
import type { KeychainBackend } from '../common/ipc-contract';
import type { Encryptor } from './domain/vault';

export const safeStorageEncryptor: Encryptor = {
  backend(): KeychainBackend {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    // On Linux without a secret service, Electron encrypts with a hard-coded password.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
    return 'os';
  },
  backendName(): string {
    if (process.platform === 'darwin') return 'macOS Keychain';
    if (process.platform === 'win32') return 'Windows DPAPI';
    return safeStorage.getSelectedStorageBackend();
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};
