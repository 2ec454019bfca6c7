// The vault's encryptor over safeStorage, against a recording stand-in for Electron.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetElectronStandIn, safeStorage } from '../../support/electron-stand-in';
import { safeStorageEncryptor } from '../../../main/keychain';
import { SecretVault, VaultUnavailableError } from '../../../main/domain/vault';

vi.mock('electron', () => import('../../support/electron-stand-in'));

const realPlatform = process.platform;
function onPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

beforeEach(() => resetElectronStandIn());
afterEach(() => onPlatform(realPlatform));

describe('the keychain backend the app reports', () => {
  it('is "os" with a Linux secret service', () => {
    onPlatform('linux');
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      safeStorage.backend = backend;
      expect(safeStorageEncryptor.backend()).toBe('os');
      expect(safeStorageEncryptor.backendName()).toBe(backend);
    }
  });

  it('is "basic_text" where Linux has no secret service (a hard-coded password)', () => {
    onPlatform('linux');
    safeStorage.backend = 'basic_text';
    expect(safeStorageEncryptor.backend()).toBe('basic_text');
  });

  it('is "unavailable" when safeStorage cannot encrypt, whatever the backend says', () => {
    onPlatform('linux');
    safeStorage.available = false;
    safeStorage.backend = 'basic_text';
    expect(safeStorageEncryptor.backend()).toBe('unavailable');
  });

  it.each([
    ['darwin', 'macOS Keychain'],
    ['win32', 'Windows DPAPI'],
  ] as const)('is "os" on %s, named %s', (platform, name) => {
    onPlatform(platform);
    safeStorage.backend = 'unknown';
    expect(safeStorageEncryptor.backend()).toBe('os');
    expect(safeStorageEncryptor.backendName()).toBe(name);
  });
});

describe('sealing through safeStorage', () => {
  it('seals and opens with safeStorage, never keeping the plain text', () => {
    const vault = new SecretVault(safeStorageEncryptor);
    const sealed = vault.seal('sk_test_FAKEFAKE4242');
    expect(JSON.stringify(sealed)).not.toContain('sk_test_FAKEFAKE4242');
    expect(vault.open(sealed)).toBe('sk_test_FAKEFAKE4242');
  });

  it('refuses to seal without encryption (no plain-text fallback)', () => {
    safeStorage.available = false;
    expect(() => new SecretVault(safeStorageEncryptor).seal('sk_test_FAKEFAKE4242')).toThrow(VaultUnavailableError);
  });
});
