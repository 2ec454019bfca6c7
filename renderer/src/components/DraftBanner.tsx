import { Alert, AlertActionLink, Button, Modal, ModalVariant, Radio } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import type { FieldDifference } from '../../../common/ipc-contract';
import { useSettingsStore } from '../stores/settings-store';

function DifferencesTable({ rows, caption }: { rows: FieldDifference[]; caption: string }) {
  return (
    <Table aria-label={caption} role="table" variant="compact">
      <Thead>
        <Tr>
          <Th>Field</Th>
          <Th>Saved</Th>
          <Th>Your draft</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.path}>
            <Td dataLabel="Field">{row.label}</Td>
            <Td dataLabel="Saved">{row.saved}</Td>
            <Td dataLabel="Your draft">{row.draft}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function ConflictsModal() {
  const draft = useSettingsStore((s) => s.draft);
  const open = useSettingsStore((s) => s.conflictsOpen);
  const resolve = useSettingsStore((s) => s.resolveConflicts);
  const [choices, setChoices] = useState<Record<string, 'saved' | 'draft'>>({});
  if (!draft || !open) return null;
  const choiceOf = (path: string) => choices[path] ?? 'draft';
  return (
    <Modal
      variant={ModalVariant.medium}
      isOpen
      title="The saved settings changed since your draft began"
      titleIconVariant="warning"
      onClose={() => useSettingsStore.setState({ conflictsOpen: false })}
      actions={[
        <Button
          key="apply"
          variant="primary"
          onClick={() => void resolve(Object.fromEntries(draft.conflicts.map((c) => [c.path, choiceOf(c.path)])))}
        >
          Apply my choices
        </Button>,
        <Button key="cancel" variant="link" onClick={() => useSettingsStore.setState({ conflictsOpen: false })}>
          Cancel
        </Button>,
      ]}
    >
      <p className="conflicts-intro">For each field changed both here and in the saved settings, choose which to keep.</p>
      <Table aria-label="Conflicting fields" role="table" variant="compact">
        <Thead>
          <Tr>
            <Th>Field</Th>
            <Th>Saved now</Th>
            <Th>Your draft</Th>
          </Tr>
        </Thead>
        <Tbody>
          {draft.conflicts.map((c) => (
            <Tr key={c.path}>
              <Td dataLabel="Field">{c.label}</Td>
              <Td dataLabel="Saved now">
                <Radio
                  id={`conflict-${c.path}-saved`}
                  name={`conflict-${c.path}`}
                  label={c.saved}
                  isChecked={choiceOf(c.path) === 'saved'}
                  onChange={() => setChoices({ ...choices, [c.path]: 'saved' })}
                />
              </Td>
              <Td dataLabel="Your draft">
                <Radio
                  id={`conflict-${c.path}-draft`}
                  name={`conflict-${c.path}`}
                  label={c.draft}
                  isChecked={choiceOf(c.path) === 'draft'}
                  onChange={() => setChoices({ ...choices, [c.path]: 'draft' })}
                />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Modal>
  );
}

/** Unsaved changes kept by main: when, what, and the way to apply or drop them. */
export function DraftBanner() {
  const draft = useSettingsStore((s) => s.draft);
  const online = useSettingsStore((s) => s.connectivity?.online ?? null);
  const reviewOpen = useSettingsStore((s) => s.reviewOpen);
  const setReviewOpen = useSettingsStore((s) => s.setReviewOpen);
  const applyDraft = useSettingsStore((s) => s.applyDraft);
  const discardDraft = useSettingsStore((s) => s.discardDraft);
  const busy = useSettingsStore((s) => s.busy);
  if (!draft || draft.differences.length === 0) return null;
  const waitsForStripe = draft.needsStripe && online === false;
  const edited = new Date(draft.updatedAt).toLocaleString();
  return (
    <>
      <Alert
        variant={waitsForStripe ? 'warning' : 'info'}
        isInline
        title={`Unsaved changes (draft last edited ${edited})`}
        data-testid="draft-banner"
        actionLinks={
          <>
            <AlertActionLink onClick={() => setReviewOpen(true)}>Review changes</AlertActionLink>
            <AlertActionLink onClick={() => void applyDraft()} isDisabled={waitsForStripe || busy}>
              Apply
            </AlertActionLink>
            <AlertActionLink onClick={() => void discardDraft()}>Discard</AlertActionLink>
          </>
        }
      >
        {draft.differences.length} field{draft.differences.length === 1 ? '' : 's'} differ from the saved settings.{' '}
        {waitsForStripe
          ? 'Stripe cannot be reached: the keys will be verified and can be applied when it can.'
          : draft.conflicts.length > 0
            ? 'The saved settings changed since this draft began: Apply lets you choose, field by field.'
            : 'Nothing is applied until you choose Apply or Save.'}
      </Alert>
      <Modal
        variant={ModalVariant.medium}
        isOpen={reviewOpen}
        title="Review changes"
        onClose={() => setReviewOpen(false)}
        actions={[
          <Button key="done" variant="primary" onClick={() => setReviewOpen(false)}>
            Done
          </Button>,
        ]}
      >
        <DifferencesTable rows={draft.differences} caption="Changes in the draft" />
      </Modal>
      <ConflictsModal />
    </>
  );
}
