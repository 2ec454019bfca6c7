import { Alert } from '@patternfly/react-core';
import type { SettingsView } from '../../../common/ipc-contract';

/** Says plainly when secrets are not protected by an OS keychain. */
export function KeychainWarning({ keychain }: { keychain: SettingsView['keychain'] }) {
  if (keychain.backend === 'os') return null;
  if (keychain.backend === 'basic_text') {
    return (
      <Alert variant="warning" isInline title="Your keys are not protected by a system keychain" data-testid="keychain-warning">
        This system offers no keychain to Billing Desk (Electron&apos;s &quot;basic_text&quot; backend), so saved secrets are
        encrypted with a key that is built into the app: anyone who can read your files can decrypt them. Install and
        unlock a keyring such as GNOME Keyring or KWallet, then restart Billing Desk.
      </Alert>
    );
  }
  return (
    <Alert variant="danger" isInline title="Secrets cannot be saved on this system" data-testid="keychain-warning">
      Billing Desk found no way to encrypt secrets here, so it will not save any secret key. Other settings still save.
    </Alert>
  );
}
