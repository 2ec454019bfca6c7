import { Alert, AlertActionCloseButton } from '@patternfly/react-core';
import { useFlashStore } from '../stores/flash-store';

export function FlashMessage() {
  const flash = useFlashStore((s) => s.flash);
  const clear = useFlashStore((s) => s.clear);
  if (!flash) return null;
  return (
    <Alert
      key={flash.id}
      className="flash-message"
      variant={flash.variant}
      isInline
      isPlain={false}
      title={flash.message}
      aria-live={flash.variant === 'danger' ? 'assertive' : 'polite'}
      data-testid="flash"
      actionClose={<AlertActionCloseButton onClose={clear} />}
    />
  );
}
