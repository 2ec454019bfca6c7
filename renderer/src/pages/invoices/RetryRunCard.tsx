// A retry run as it goes (from main's `invoices:run-progress`): counts, Pause / Resume /
// Cancel, the results and their CSV export; an interrupted run is offered for resume.
import { Alert, Button, Card, CardBody, CardHeader, CardTitle, Flex, FlexItem, Label, Progress } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { RunItemStatus, RunView } from '../../../../common/ipc-contract';
import { useRetryRunStore } from '../../stores/retry-run-store';
import { RUN_ITEM_TEXT, formatMoney, formatTotals } from './format';

const MAX_RESULT_ROWS = 300;

const STATUS_TEXT: Record<RunView['status'], string> = {
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Finished',
  interrupted: 'Interrupted',
};

const STATUS_COLOR: Record<RunView['status'], 'blue' | 'orange' | 'grey' | 'green' | 'red'> = {
  running: 'blue',
  paused: 'orange',
  cancelled: 'grey',
  done: 'green',
  interrupted: 'red',
};

const ITEM_CLASS: Partial<Record<RunItemStatus, string>> = {
  paid: 'invoice-ok',
  declined: 'invoice-problem',
  failed: 'invoice-problem',
  needs_action: 'invoice-warning',
  unknown: 'invoice-warning',
};

/** Results first (newest outcome is what the user watches), those still waiting last. */
function orderedItems(run: RunView): RunView['items'] {
  const weight = (status: RunItemStatus) => (status === 'charging' ? 0 : status === 'pending' ? 2 : 1);
  return [...run.items].sort((a, b) => weight(a.status) - weight(b.status));
}

export function RetryRunCard() {
  const run = useRetryRunStore((s) => s.run);
  const busy = useRetryRunStore((s) => s.runBusy);
  const error = useRetryRunStore((s) => s.runError);
  const exportedTo = useRetryRunStore((s) => s.exportedTo);
  const { pause, resume, cancel, exportCsv, dismissRun } = useRetryRunStore.getState();
  if (!run) {
    return error ? <Alert variant="danger" isInline title={`The last retry run could not be read: ${error}`} data-testid="retry-run-error" /> : null;
  }
  const { counts } = run;
  const finished = counts.total - counts.pending;
  const ended = run.status === 'done' || run.status === 'cancelled';
  const items = orderedItems(run);

  return (
    <Card className={run.mode === 'live' ? 'retry-run retry-run-live' : 'retry-run'} data-testid="retry-run">
      <CardHeader>
        <CardTitle>
          Retry run{' '}
          <Label color={STATUS_COLOR[run.status]} data-testid="retry-run-status">
            {STATUS_TEXT[run.status]}
          </Label>{' '}
          <Label color={run.mode === 'live' ? 'red' : 'orange'} isCompact>
            {run.mode === 'live' ? 'Live mode' : 'Test mode'}
          </Label>
        </CardTitle>
        <div className="invoice-secondary">Started {new Date(run.startedAt).toLocaleString()}</div>
      </CardHeader>
      <CardBody>
        {run.status === 'interrupted' && run.checkOnly ? (
          <Alert variant="warning" isInline title="This run was cancelled, but some of its charges have no known outcome yet." className="retry-run-alert">
            Checking looks up in 3scale and Stripe the {run.items.filter((item) => item.status === 'unknown').length.toLocaleString()} invoice(s) whose
            charge got no answer and charges nothing else; then
            the run ends cancelled. No new run can start until they are checked.
          </Alert>
        ) : run.status === 'interrupted' ? (
          <Alert variant="warning" isInline title="This run was interrupted: Billing Desk closed before it finished." className="retry-run-alert">
            Resuming first checks in 3scale and Stripe every invoice whose charge got no answer, so that none is charged twice; then it carries on with
            the {counts.pending.toLocaleString()} still waiting.
          </Alert>
        ) : null}
        {run.problem ? (
          // An ended run can still carry a problem worth knowing (its finance log could not be written).
          <Alert variant="warning" isInline title={ended ? run.problem : `The run stopped by itself: ${run.problem}`} className="retry-run-alert" data-testid="retry-run-problem" />
        ) : null}
        <Progress
          value={counts.total > 0 ? (finished / counts.total) * 100 : 100}
          title={`${finished.toLocaleString()} of ${counts.total.toLocaleString()} invoices`}
          aria-label="Retry run progress"
          measureLocation="outside"
        />
        <Flex className="retry-run-counts" data-testid="retry-run-counts" spaceItems={{ default: 'spaceItemsLg' }}>
          {(
            [
              ['Paid', counts.paid],
              ['Declined', counts.declined],
              ['Needs action', counts.needsAction],
              ['Skipped', counts.skipped],
              ['Failed', counts.failed],
              ['Waiting', counts.pending],
            ] as const
          ).map(([label, count]) => (
            <FlexItem key={label}>
              <div className="retry-run-count-label">{label}</div>
              <div className="retry-run-count" data-testid={`retry-count-${label.toLowerCase().replace(' ', '-')}`}>
                {count.toLocaleString()}
              </div>
            </FlexItem>
          ))}
          <FlexItem>
            <div className="retry-run-count-label">Charged</div>
            <div className="retry-run-count">{formatTotals(run.totalsCharged)}</div>
          </FlexItem>
        </Flex>
        <Flex className="retry-run-controls">
          {run.status === 'running' && !run.checkOnly ? (
            <Button variant="secondary" onClick={() => void pause()} isDisabled={busy}>
              Pause
            </Button>
          ) : null}
          {run.status === 'paused' || run.status === 'interrupted' ? (
            <Button variant="primary" onClick={() => void resume()} isDisabled={busy}>
              {run.checkOnly ? 'Check the open charges' : run.status === 'interrupted' ? 'Resume the run' : 'Resume'}
            </Button>
          ) : null}
          {!ended ? (
            <Button variant="link" isDanger onClick={() => void cancel()} isDisabled={busy}>
              Cancel run
            </Button>
          ) : null}
          <Button variant="secondary" onClick={() => void exportCsv()} isDisabled={run.items.length === 0}>
            Export CSV
          </Button>
          {ended ? (
            <Button variant="link" onClick={dismissRun}>
              Close
            </Button>
          ) : null}
        </Flex>
        {error ? <Alert variant="danger" isInline title={error} data-testid="retry-run-error" className="retry-run-alert" /> : null}
        {exportedTo ? <Alert variant="success" isInline isPlain title={`The results were exported to ${exportedTo}.`} className="retry-run-alert" /> : null}
        <Table aria-label="Retry run results" variant="compact" className="retry-run-results">
          <Thead>
            <Tr>
              <Th>Invoice</Th>
              <Th>Organisation</Th>
              <Th>Amount</Th>
              <Th>Result</Th>
              <Th>Message</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.slice(0, MAX_RESULT_ROWS).map((item) => (
              <Tr key={item.invoiceId}>
                <Td dataLabel="Invoice">{item.friendlyId}</Td>
                <Td dataLabel="Organisation">{item.organisation ?? ''}</Td>
                <Td dataLabel="Amount">{formatMoney(item.total)}</Td>
                <Td dataLabel="Result" className={ITEM_CLASS[item.status] ?? ''}>
                  {RUN_ITEM_TEXT[item.status]}
                </Td>
                <Td dataLabel="Message">{item.message && item.message !== RUN_ITEM_TEXT[item.status] ? item.message : ''}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        {items.length > MAX_RESULT_ROWS ? (
          <p className="invoice-secondary">
            Showing {MAX_RESULT_ROWS} of {items.length.toLocaleString()}: export the CSV for every result.
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
