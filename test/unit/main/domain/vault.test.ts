import { describe, expect, it } from 'vitest';
import { SecretVault, VaultUnavailableError } from '../../../../main/domain/vault';
import { createTestEncryptor } from '../../../support/test-encryptor';

describe('SecretVault', () => {
  it('seals to text that holds no part of the secret, and opens it again', () => {
    const vault = new SecretVault(createTestEncryptor());
    const secret = 'sk_test_FAKEFAKEFAKEFAKE0000004242';
    const sealed = vault.seal(secret);
    expect(sealed.startsWith('sealed:v1:')).toBe(true);
    expect(sealed).not.toContain('FAKE');
    expect(Buffer.from(sealed.slice('sealed:v1:'.length), 'base64').toString('latin1')).not.toContain('FAKE');
    expect(vault.open(sealed)).toBe(secret);
  });

  it('refuses to seal when no encryption is available, rather than store plaintext', () => {
    const vault = new SecretVault(createTestEncryptor({ backend: 'unavailable' }));
    expect(() => vault.seal('whsec_x')).toThrow(VaultUnavailableError);
  });

  it('refuses to open text it did not seal', () => {
    const vault = new SecretVault(createTestEncryptor());
    expect(() => vault.open('sk_test_plain')).toThrow(/not sealed/);
  });
});
