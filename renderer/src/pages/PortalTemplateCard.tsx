// The template screen's 3scale card: where the text came from, "Save as draft in 3scale" and
// "Publish", 3scale's refusals next to them, and the choice when 3scale's copy changed.
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  Label,
  Modal,
  ModalVariant,
  Stack,
  StackItem,
} from '@patternfly/react-core';
import type { PortalTemplateOrigin } from '../../../common/ipc-contract';
import { usePortalTemplateStore } from '../stores/portal-template-store';
import { useTemplateStore } from '../stores/template-store';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function Origin({ origin }: { origin: PortalTemplateOrigin }) {
  return (
    <DescriptionList isHorizontal isCompact data-testid="portal-template-origin">
      <DescriptionListGroup>
        <DescriptionListTerm>Developer portal</DescriptionListTerm>
        <DescriptionListDescription>{origin.adminDomain}</DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>Template</DescriptionListTerm>
        <DescriptionListDescription>
          {origin.title} (id {origin.templateId})
        </DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>Version</DescriptionListTerm>
        <DescriptionListDescription>
          <Label color={origin.loaded === 'draft' ? 'orange' : 'green'} isCompact data-testid="portal-template-loaded">
            {origin.loaded === 'draft' ? 'Draft (not published)' : 'Published'}
          </Label>{' '}
          updated in 3scale <time dateTime={origin.updatedAt}>{when(origin.updatedAt)}</time> ({origin.updatedAt})
        </DescriptionListDescription>
      </DescriptionListGroup>
    </DescriptionList>
  );
}

function ConflictModal() {
  const conflict = usePortalTemplateStore((s) => s.conflict);
  const keepMine = usePortalTemplateStore((s) => s.keepMine);
  const takeTheirs = usePortalTemplateStore((s) => s.takeTheirs);
  const cancel = usePortalTemplateStore((s) => s.cancelConflict);
  if (!conflict) return null;
  const verb = conflict.action === 'publish' ? 'publish mine' : 'save mine as draft';
  return (
    <Modal
      variant={ModalVariant.large}
      isOpen
      title="The template changed in 3scale"
      titleIconVariant="warning"
      onClose={cancel}
      data-testid="portal-template-conflict"
      actions={[
        <Button key="mine" variant="primary" onClick={() => void keepMine()}>
          Keep mine and overwrite ({verb})
        </Button>,
        <Button key="theirs" variant="secondary" onClick={() => void takeTheirs()}>
          Take theirs
        </Button>,
        <Button key="cancel" variant="link" onClick={cancel}>
          Cancel
        </Button>,
      ]}
    >
      <Stack hasGutter>
        <StackItem>
          <p>{conflict.message}</p>
        </StackItem>
        <StackItem>
          <p>
            Theirs: 3scale&apos;s {conflict.theirs.origin.loaded === 'draft' ? 'draft' : 'published text'}, updated{' '}
            {when(conflict.theirs.origin.updatedAt)} ({conflict.theirs.origin.updatedAt}). Ours: the text Billing Desk was about to
            write. Lines starting with − are only in theirs, lines with + only in ours.
          </p>
        </StackItem>
        <StackItem>
          {conflict.diff ? (
            <CodeBlock aria-label="Theirs against ours">
              <CodeBlockCode data-testid="portal-template-conflict-diff">{conflict.diff}</CodeBlockCode>
            </CodeBlock>
          ) : (
            <Alert variant="info" isInline isPlain title="The two texts are too long to compare line by line here." />
          )}
        </StackItem>
      </Stack>
    </Modal>
  );
}

/** Shown once a template was opened from 3scale. */
export function PortalTemplateCard() {
  const origin = usePortalTemplateStore((s) => s.origin);
  const busy = usePortalTemplateStore((s) => s.busy);
  const failure = usePortalTemplateStore((s) => s.failure);
  const saveDraft = usePortalTemplateStore((s) => s.saveDraft);
  const publish = usePortalTemplateStore((s) => s.publish);
  const report = useTemplateStore((s) => s.report);
  const fix = useTemplateStore((s) => s.fix);
  if (!origin) return null;
  const parses = report?.ok === true;
  const what = fix?.changed ? 'the fixed template (with the Stripe branch shown above)' : 'the text in the editor';
  return (
    <Card component="section" aria-labelledby="portal-template-title">
      <CardTitle id="portal-template-title" component="h2">
        3scale developer portal
      </CardTitle>
      <CardBody>
        <Stack hasGutter>
          <StackItem>
            <Origin origin={origin} />
          </StackItem>
          <StackItem>
            <p>
              Writes {what} to 3scale. It is saved only over the version above: if someone changed the template in 3scale
              since, nothing is written and you choose.
            </p>
          </StackItem>
          <StackItem>
            <Flex spaceItems={{ default: 'spaceItemsSm' }}>
              <Button variant="secondary" isDisabled={!parses || busy !== null} isLoading={busy === 'draft'} onClick={() => void saveDraft()}>
                Save as draft in 3scale
              </Button>
              <Button variant="primary" isDisabled={!parses || busy !== null} isLoading={busy === 'publish'} onClick={() => void publish()}>
                Publish
              </Button>
            </Flex>
            {!parses && report ? <p className="pf-v5-u-danger-color-100">The template does not parse: 3scale would refuse it. Correct it first.</p> : null}
          </StackItem>
          {failure && failure.action !== 'open' ? (
            <StackItem>
              <Alert
                variant="danger"
                isInline
                data-testid="portal-template-failure"
                title={failure.action === 'publish' ? 'The template was not published' : 'The draft was not saved in 3scale'}
              >
                {failure.message}
              </Alert>
            </StackItem>
          ) : null}
        </Stack>
      </CardBody>
      <ConflictModal />
    </Card>
  );
}

/** "Open from 3scale" beside "Open file…", and why it failed right under it. */
export function OpenFromThreescale() {
  const busy = usePortalTemplateStore((s) => s.busy);
  const open = usePortalTemplateStore((s) => s.openFromThreescale);
  return (
    <Button variant="secondary" isDisabled={busy !== null} isLoading={busy === 'open'} onClick={() => void open()}>
      Open from 3scale
    </Button>
  );
}

export function OpenFromThreescaleFailure() {
  const failure = usePortalTemplateStore((s) => s.failure);
  if (failure?.action !== 'open') return null;
  return (
    <Alert variant="danger" isInline title="The template could not be opened from 3scale" data-testid="portal-template-open-failure">
      {failure.message}
    </Alert>
  );
}
