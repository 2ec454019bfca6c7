// The Invoices screen: a month's invoices from 3scale with what Stripe knows of their
// payments, a summary per currency, single charges and retry runs.
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  EmptyState,
  EmptyStateBody,
  Flex,
  FlexItem,
  FormSelect,
  FormSelectOption,
  PageSection,
  Progress,
  SearchInput,
  Stack,
  StackItem,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useMemo } from 'react';
import type { InvoiceState, InvoicesView } from '../../../common/ipc-contract';
import { useInvoicesStore, visibleRows } from '../stores/invoices-store';
import { useRetryRunStore } from '../stores/retry-run-store';
import { ChargeDialog, MarkPaidDialog } from './invoices/InvoiceDialogs';
import { InvoicesTable, MAX_ROWS } from './invoices/InvoicesTable';
import { INVOICE_STATE_OPTIONS, STATE_LABELS, formatMoney } from './invoices/format';
import { RetryPlanModal } from './invoices/RetryPlanModal';
import { RetryRunCard } from './invoices/RetryRunCard';

const STAGE_TEXT: Record<NonNullable<InvoicesView['progress']>['stage'], string> = {
  invoices: 'Reading invoices from 3scale',
  accounts: 'Reading developer accounts and their cards from 3scale',
  payments: 'Reading payments from Stripe',
};

function Summary({ view }: { view: InvoicesView }) {
  if (view.summary.length === 0) return null;
  return (
    <Card isCompact>
      <CardTitle>Summary</CardTitle>
      <CardBody>
        <Table aria-label="Summary per currency" variant="compact" borders={false} data-testid="invoices-summary">
          <Thead>
            <Tr>
              <Th modifier="wrap">Currency</Th>
              <Th modifier="wrap">Invoices</Th>
              <Th modifier="wrap">Paid</Th>
              <Th modifier="wrap">Failed</Th>
              <Th modifier="wrap">Unpaid</Th>
              <Th modifier="wrap">Needs the developer’s action</Th>
              <Th modifier="wrap">Paid in Stripe, unpaid in 3scale</Th>
            </Tr>
          </Thead>
          <Tbody>
            {view.summary.map((s) => {
              const money = (amountMinor: number) => formatMoney({ amountMinor, currency: s.currency });
              return (
                <Tr key={s.currency}>
                  <Td dataLabel="Currency">{s.currency}</Td>
                  <Td dataLabel="Invoices">{s.count.toLocaleString()}</Td>
                  <Td dataLabel="Paid" className="invoice-ok">
                    {money(s.paidMinor)}
                  </Td>
                  <Td dataLabel="Failed" className={s.failedMinor > 0 ? 'invoice-problem' : ''}>
                    {money(s.failedMinor)}
                  </Td>
                  <Td dataLabel="Unpaid">{money(s.unpaidMinor)}</Td>
                  <Td dataLabel="Needs the developer’s action" className={s.needsActionMinor > 0 ? 'invoice-warning' : ''}>
                    {money(s.needsActionMinor)}
                  </Td>
                  <Td dataLabel="Paid in Stripe, unpaid in 3scale" className={s.paidInStripeMinor > 0 ? 'invoice-problem' : ''}>
                    {money(s.paidInStripeMinor)}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      </CardBody>
    </Card>
  );
}

function LoadProgress({ progress, onCancel }: { progress: NonNullable<InvoicesView['progress']>; onCancel: () => void }) {
  const counts = progress.total ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : progress.done.toLocaleString();
  return (
    <Flex alignItems={{ default: 'alignItemsFlexEnd' }} flexWrap={{ default: 'nowrap' }}>
      <FlexItem grow={{ default: 'grow' }}>
        <Progress
          data-testid="invoices-progress"
          title={STAGE_TEXT[progress.stage]}
          value={progress.total ? (progress.done / progress.total) * 100 : undefined}
          label={`${counts} · ${progress.requests.toLocaleString()} requests`}
          aria-label="Loading invoices"
        />
      </FlexItem>
      <FlexItem>
        <Button variant="link" onClick={onCancel}>
          Cancel loading
        </Button>
      </FlexItem>
    </Flex>
  );
}

export function InvoicesPage() {
  const view = useInvoicesStore((s) => s.view);
  const openError = useInvoicesStore((s) => s.openError);
  const filters = useInvoicesStore((s) => s.filters);
  const loadError = useInvoicesStore((s) => s.loadError);
  const selected = useInvoicesStore((s) => s.selected);
  const { open, load, cancelLoad, syncQuery, setMonth, setState, setSearch, setSelection } = useInvoicesStore.getState();
  const run = useRetryRunStore((s) => s.run);
  const { open: openRuns, planRetry } = useRetryRunStore.getState();

  useEffect(() => {
    void open();
    void openRuns();
  }, [open, openRuns]);

  const rows = useMemo(() => visibleRows(view, filters), [view, filters]);

  if (openError) {
    return (
      <PageSection>
        <Alert variant="danger" isInline title={`The invoices could not be shown: ${openError}`} />
      </PageSection>
    );
  }
  if (!view) return null;
  const loading = view.status === 'loading';
  // One run at a time: an unfinished one is resumed or cancelled first.
  const runUnfinished = run !== null && run.status !== 'done' && run.status !== 'cancelled';
  /** The selection, else every failed or unpaid invoice of the filter (main's query, made the one on screen first). */
  const retry = async () => {
    if (selected.length > 0) return planRetry(selected);
    await syncQuery();
    await planRetry(null);
  };

  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">Invoices</Title>
        <p className="page-subtitle">
          3scale’s invoices{view.adminDomain ? ` of ${view.adminDomain}` : ''}, with what the {view.mode} Stripe account knows of their payments.
        </p>
      </PageSection>
      <PageSection>
        <Stack hasGutter>
          <StackItem>
            <RetryRunCard />
          </StackItem>
          <StackItem>
            <Toolbar className="invoices-toolbar">
              <ToolbarContent>
                <ToolbarItem>
                  <TextInput
                    type="month"
                    aria-label="Month"
                    value={filters.month ?? ''}
                    onChange={(_event, value) => setMonth(value)}
                    className="invoices-month"
                  />
                </ToolbarItem>
                <ToolbarItem>
                  <FormSelect
                    aria-label="State"
                    value={filters.state ?? ''}
                    onChange={(_event, value) => setState(value === '' ? null : (value as InvoiceState))}
                  >
                    <FormSelectOption value="" label="Every state" />
                    {INVOICE_STATE_OPTIONS.map((state) => (
                      <FormSelectOption key={state} value={state} label={STATE_LABELS[state]} />
                    ))}
                  </FormSelect>
                </ToolbarItem>
                <ToolbarItem>
                  <SearchInput
                    aria-label="Search by invoice id or organisation"
                    placeholder="Invoice id or organisation"
                    value={filters.search}
                    onChange={(_event, value) => setSearch(value)}
                    onClear={() => setSearch('')}
                  />
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="secondary" onClick={() => void load(true)} isDisabled={loading}>
                    {view.loadedAt || view.status === 'cancelled' ? 'Reload' : 'Load invoices'}
                  </Button>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="primary" onClick={() => void retry()} isDisabled={loading || !view.loadedAt || view.partial === true || runUnfinished}>
                    {selected.length > 0 ? `Retry ${selected.length} selected` : 'Retry failed charges'}
                  </Button>
                </ToolbarItem>
                {selected.length > 0 ? (
                  <ToolbarItem alignSelf="center">
                    <Button variant="link" isInline onClick={() => setSelection([])}>
                      Clear selection
                    </Button>
                  </ToolbarItem>
                ) : null}
                {view.loadedAt ? (
                  <ToolbarItem alignSelf="center" data-testid="invoices-loaded-at" className="invoice-secondary">
                    {view.partial ? 'Partly loaded' : 'Loaded'} {new Date(view.loadedAt).toLocaleString()}
                  </ToolbarItem>
                ) : null}
              </ToolbarContent>
            </Toolbar>
            {loadError ? <Alert variant="danger" isInline isPlain title={loadError} data-testid="invoices-load-error" /> : null}
          </StackItem>
          {loading && view.progress ? (
            <StackItem>
              <LoadProgress progress={view.progress} onCancel={() => void cancelLoad()} />
            </StackItem>
          ) : null}
          {view.status === 'failed' && view.error ? (
            <StackItem>
              <Alert variant="danger" isInline title={`The invoices could not be loaded: ${view.error}`} data-testid="invoices-error" />
            </StackItem>
          ) : null}
          {view.status === 'cancelled' ? (
            <StackItem>
              <Alert
                variant="warning"
                isInline
                title="Loading cancelled: what is shown may be incomplete. Reload to load the month again."
                data-testid="invoices-load-cancelled"
              />
            </StackItem>
          ) : null}
          <StackItem>
            <Summary view={view} />
          </StackItem>
          {view.loadedAt && rows.length === 0 ? (
            <StackItem>
              <EmptyState>
                <Title headingLevel="h2" size="lg">
                  No invoice matches
                </Title>
                <EmptyStateBody>Choose another month or state, or change the search.</EmptyStateBody>
              </EmptyState>
            </StackItem>
          ) : null}
          {rows.length > 0 ? (
            <StackItem>
              <InvoicesTable rows={rows} partial={view.partial === true} />
              <Flex className="invoice-secondary invoices-footer">
                <FlexItem>
                  {rows.length > MAX_ROWS
                    ? `Showing ${MAX_ROWS} of ${rows.length.toLocaleString()} invoices: choose a state or search to narrow them down.`
                    : `${rows.length.toLocaleString()} ${rows.length === 1 ? 'invoice' : 'invoices'}`}
                </FlexItem>
              </Flex>
            </StackItem>
          ) : null}
        </Stack>
      </PageSection>
      <ChargeDialog />
      <MarkPaidDialog />
      <RetryPlanModal />
    </>
  );
}
