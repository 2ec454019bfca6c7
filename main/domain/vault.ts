// Secrets at rest: sealed by an Encryptor (Electron's safeStorage in the app, a
// stand-in in tests) before they reach the store; opened only inside main.

import type { KeychainBackend } from '../../common/ipc-contract';

export interface Encryptor {
  /** 'os' when the OS keychain protects the key, 'basic_text' when Electron falls back to a hard-coded one. */
  backend(): KeychainBackend;
  /** Human name of the backend, e.g. "gnome_libsecret" or "Keychain". */
  backendName(): string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export class VaultUnavailableError extends Error {
  constructor() {
    super('This system offers no way to encrypt secrets, so none can be saved.');
    this.name = 'VaultUnavailableError';
  }
}

const SEAL_PREFIX = 'sealed:v1:';

export class SecretVault {
  constructor(private readonly encryptor: Encryptor) {}

  get backend(): KeychainBackend {
    return this.encryptor.backend();
  }

  get backendName(): string {
    return this.encryptor.backendName();
  }

  seal(plain: string): string {
    if (this.encryptor.backend() === 'unavailable') throw new VaultUnavailableError();
    return SEAL_PREFIX + this.encryptor.encrypt(plain).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(SEAL_PREFIX)) throw new Error('Stored secret is not sealed by this vault');
    if (this.encryptor.backend() === 'unavailable') throw new VaultUnavailableError();
    return this.encryptor.decrypt(Buffer.from(sealed.slice(SEAL_PREFIX.length), 'base64'));
  }
}
