// Opens sealed secrets for main's own use, and masks them for the view. A secret the
// vault cannot open (another machine's keychain) reads as absent, never as an error.

import { maskSecret } from './masking';
import type { SecretVault } from './vault';

export class SecretReader {
  constructor(readonly vault: SecretVault) {}

  openOrNull(sealed: string | null | undefined): string | null {
    if (!sealed) return null;
    try {
      return this.vault.open(sealed);
    } catch {
      return null;
    }
  }

  maskOrNull(sealed: string | null | undefined): string | null {
    if (!sealed) return null;
    const plain = this.openOrNull(sealed);
    return plain ? maskSecret(plain) : '(cannot be decrypted on this system)';
  }

  /** The mask of a secret, or '' when there is none: how the finance log shows secrets. */
  maskForLog(plain: string | null): string {
    return plain ? maskSecret(plain) : '';
  }
}
