import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { useFlashStore } from '../stores/flash-store';

/**
 * 3scale's flash notice as a toast in the top corner, so that it is seen whichever
 * card was saved. Success fades after a while; a failure stays until closed.
 */
export function FlashMessage() {
  const flash = useFlashStore((s) => s.flash);
  const clear = useFlashStore((s) => s.clear);
  return (
    <AlertGroup isToast isLiveRegion>
      {flash ? (
        <Alert
          key={flash.id}
          variant={flash.variant}
          title={flash.message}
          data-testid="flash"
          {...(flash.variant === 'success' ? { timeout: 8000, onTimeout: clear } : {})}
          actionClose={<AlertActionCloseButton onClose={clear} />}
        />
      ) : null}
    </AlertGroup>
  );
}
