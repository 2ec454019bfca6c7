import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  CodeBlock,
  CodeBlockCode,
  Flex,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  List,
  ListItem,
  PageSection,
  Stack,
  StackItem,
  TextArea,
  Title,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { ENCODING_NAMES } from '../../../common/template-encodings';
import { useTemplateStore } from '../stores/template-store';
import { OpenFromThreescale, OpenFromThreescaleFailure, PortalTemplateCard } from './PortalTemplateCard';

function Report() {
  const report = useTemplateStore((s) => s.report);
  if (!report) return null;
  if (!report.ok && report.error) {
    return (
      <Alert variant="danger" isInline title={`The template does not parse at line ${report.error.line}, column ${report.error.column}`} data-testid="template-verdict">
        {report.error.message} Nothing was changed.
      </Alert>
    );
  }
  return (
    <Alert
      variant={report.allHaveStripe ? 'success' : 'danger'}
      isInline
      data-testid="template-verdict"
      title={
        report.allHaveStripe
          ? 'Stripe payments will work: every gateway case block has a Stripe branch.'
          : 'Developers cannot enter a card for Stripe on this portal: a Stripe branch is missing or incomplete.'
      }
    >
      <List data-testid="template-messages">
        {report.messages.map((message) => (
          <ListItem key={message}>{message}</ListItem>
        ))}
      </List>
    </Alert>
  );
}

function Fix() {
  const report = useTemplateStore((s) => s.report);
  const fix = useTemplateStore((s) => s.fix);
  const addStripeBranch = useTemplateStore((s) => s.addStripeBranch);
  const useFixed = useTemplateStore((s) => s.useFixed);
  const copyFixed = useTemplateStore((s) => s.copyFixed);
  const saveFixed = useTemplateStore((s) => s.saveFixed);
  if (!report?.ok || report.allHaveStripe) return null;
  return (
    <Card component="section" aria-labelledby="template-fix-title">
      <CardTitle id="template-fix-title" component="h2">
        Add Stripe branch
      </CardTitle>
      <CardBody>
        <Stack hasGutter>
          <StackItem>
            <p>
              Inserts the Stripe branch of the 3scale documentation before <code>{'{% when "braintree_blue" %}'}</code> in
              each case block that lacks one, with the template&apos;s own indentation and line endings, and changes nothing
              else.
            </p>
          </StackItem>
          {!fix ? (
            <StackItem>
              <Button variant="primary" onClick={() => void addStripeBranch()}>
                Add Stripe branch
              </Button>
            </StackItem>
          ) : (
            <>
              <StackItem>
                <Alert
                  variant={fix.verified ? 'success' : 'warning'}
                  isInline
                  title={
                    fix.verified
                      ? 'The fixed template parses and every case block now has a Stripe branch.'
                      : 'The template could not be fixed completely.'
                  }
                  data-testid="template-fix-result"
                >
                  <List>
                    {fix.notes.map((note) => (
                      <ListItem key={note}>{note}</ListItem>
                    ))}
                  </List>
                </Alert>
              </StackItem>
              {fix.diff ? (
                <StackItem>
                  <CodeBlock aria-label="Change">
                    <CodeBlockCode data-testid="template-diff">{fix.diff}</CodeBlockCode>
                  </CodeBlock>
                </StackItem>
              ) : null}
              {fix.changed ? (
                <StackItem>
                  <ActionGroup>
                    <Button variant="primary" onClick={() => void copyFixed()}>
                      Copy fixed template
                    </Button>
                    <Button variant="secondary" onClick={() => void saveFixed()}>
                      Save fixed template as…
                    </Button>
                    <Button variant="link" onClick={useFixed}>
                      Use it in the editor
                    </Button>
                  </ActionGroup>
                </StackItem>
              ) : null}
            </>
          )}
        </Stack>
      </CardBody>
    </Card>
  );
}

/** The frame's document: the sanitised HTML and the preview's own stylesheet (renderer/public). */
function previewDocument(html: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="template-preview.css"></head><body>${html}</body></html>`;
}

function Warnings() {
  const report = useTemplateStore((s) => s.report);
  if (!report || report.warnings.length === 0) return null;
  return (
    <Alert
      variant="warning"
      isInline
      data-testid="template-warnings"
      title={`${report.warnings.length} ${report.warnings.length === 1 ? 'tag or filter' : 'tags or filters'} that neither Liquid nor 3scale knows; the check went on without them`}
    >
      <List>
        {report.warnings.map((warning) => (
          <ListItem key={`${warning.line}:${warning.column}:${warning.name}`}>{warning.message}</ListItem>
        ))}
      </List>
    </Alert>
  );
}

function Preview() {
  const report = useTemplateStore((s) => s.report);
  const preview = useTemplateStore((s) => s.preview);
  const showPreview = useTemplateStore((s) => s.showPreview);
  if (!report?.ok) return null;
  return (
    <Card component="section" aria-labelledby="template-preview-title">
      <CardTitle id="template-preview-title" component="h2">
        Preview for a provider on Stripe
      </CardTitle>
      <CardBody>
        <Stack hasGutter>
          <StackItem>
            <ToggleGroup aria-label="Developer account">
              <ToggleGroupItem text="With billing address" isSelected={preview.hasBillingAddress} onChange={() => void showPreview(true)} />
              <ToggleGroupItem text="Without billing address" isSelected={!preview.hasBillingAddress} onChange={() => void showPreview(false)} />
            </ToggleGroup>
          </StackItem>
          <StackItem>
            {preview.error ? <Alert variant="danger" isInline title={preview.error} data-testid="template-preview-error" /> : null}
            {/* Sanitised in main's template worker (sanitize-html), then shown in a frame sandboxed without
                scripts and without the app's origin: nothing in it can reach this page or the bridge. */}
            {preview.html !== null ? (
              <iframe
                className="template-preview"
                data-testid="template-preview"
                title="Preview of the template for a developer"
                sandbox=""
                referrerPolicy="no-referrer"
                srcDoc={previewDocument(preview.html)}
              />
            ) : null}
          </StackItem>
        </Stack>
      </CardBody>
    </Card>
  );
}

export function TemplatePage() {
  const source = useTemplateStore((s) => s.source);
  const fileName = useTemplateStore((s) => s.fileName);
  const edit = useTemplateStore((s) => s.edit);
  const open = useTemplateStore((s) => s.open);
  const sourceError = useTemplateStore((s) => s.sourceError);
  const encoding = useTemplateStore((s) => s.encoding);
  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">Developer portal template</Title>
        <p className="page-subtitle">
          Check that the template &quot;Payment Gateway / Show&quot; lets developers enter a card for Stripe, and fix it.
        </p>
      </PageSection>
      <PageSection>
        <Stack hasGutter>
          <StackItem>
            <Card component="section" aria-labelledby="template-source-title">
              <CardTitle id="template-source-title" component="h2">
                Template
              </CardTitle>
              <CardBody>
                <FormGroup label={`Payment Gateway / Show (${fileName})`} fieldId="template-source">
                  <TextArea
                    id="template-source"
                    className="template-source"
                    value={source}
                    rows={14}
                    resizeOrientation="vertical"
                    spellCheck={false}
                    placeholder="Paste the template from Developer portal › Payment Gateway / Show, open its file, or open it from 3scale."
                    onChange={(_e, text) => edit(text)}
                    validated={sourceError ? 'error' : 'default'}
                    aria-describedby={sourceError ? 'template-source-error' : undefined}
                  />
                  {sourceError ? (
                    <FormHelperText>
                      <HelperText>
                        <HelperTextItem variant="error" id="template-source-error" data-testid="template-source-error">
                          {sourceError}
                        </HelperTextItem>
                      </HelperText>
                    </FormHelperText>
                  ) : encoding !== 'utf-8' ? (
                    <FormHelperText>
                      <HelperText>
                        <HelperTextItem data-testid="template-encoding">
                          Read as {ENCODING_NAMES[encoding]}; the fixed template is saved in the same encoding.
                        </HelperTextItem>
                      </HelperText>
                    </FormHelperText>
                  ) : null}
                </FormGroup>
                <Flex spaceItems={{ default: 'spaceItemsSm' }} className="pf-v5-u-mt-sm">
                  <Button variant="secondary" onClick={() => void open()}>
                    Open file…
                  </Button>
                  <OpenFromThreescale />
                </Flex>
                <OpenFromThreescaleFailure />
              </CardBody>
            </Card>
          </StackItem>
          <StackItem>
            <Report />
          </StackItem>
          <StackItem>
            <Warnings />
          </StackItem>
          <StackItem>
            <Fix />
          </StackItem>
          <StackItem>
            <PortalTemplateCard />
          </StackItem>
          <StackItem>
            <Preview />
          </StackItem>
        </Stack>
      </PageSection>
    </>
  );
}
