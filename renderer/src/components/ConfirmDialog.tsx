import { Button, Modal, ModalVariant } from '@patternfly/react-core';
import { useConfirmStore } from '../stores/confirm-store';

/**
 * The browser confirm() of 3scale's page, as an accessible modal: focus stays inside,
 * Escape and Cancel answer no, OK answers yes. The text keeps its blank line.
 */
export function ConfirmDialog() {
  const pending = useConfirmStore((s) => s.pending);
  const answer = useConfirmStore((s) => s.answer);
  if (!pending) return null;
  const paragraphs = pending.text.split('\n\n');
  return (
    <Modal
      variant={ModalVariant.small}
      isOpen
      {...(pending.title ? { title: pending.title, titleIconVariant: pending.danger ? 'danger' : 'warning' } : { 'aria-label': 'Confirm' })}
      aria-describedby="confirm-dialog-text"
      showClose={false}
      onClose={() => answer(false)}
      actions={[
        <Button key="ok" variant={pending.danger ? 'danger' : 'primary'} onClick={() => answer(true)}>
          OK
        </Button>,
        <Button key="cancel" variant="link" onClick={() => answer(false)}>
          Cancel
        </Button>,
      ]}
    >
      <div id="confirm-dialog-text" className="confirm-dialog-text">
        {paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>
    </Modal>
  );
}
