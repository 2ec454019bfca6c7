import {
  Alert,
  Button,
  EmptyState,
  EmptyStateBody,
  Flex,
  FlexItem,
  Gallery,
  Card,
  CardBody,
  CardTitle,
  PageSection,
  Progress,
  SearchInput,
  Stack,
  StackItem,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useEffect, useMemo } from 'react';
import type { AccountJoinKind, CustomersView, ThreescaleLoadProgress } from '../../../common/ipc-contract';
import { useCustomersStore, type CustomerFilter } from '../stores/customers-store';
import { CustomersTable, JOIN_LABELS, matches, STRIPE_FILTERS, THREESCALE_FILTERS } from './CustomersTable';

/** Rows drawn at once; the search and the filters narrow the rest. */
const MAX_ROWS = 200;

/** What is being loaded, with counts: customers and cards side by side, then the per-customer checks. */
function progressLabel(progress: NonNullable<CustomersView['progress']>): string {
  if (progress.stage === 'checks') {
    return `Checking ${progress.checksDone.toLocaleString()} of ${progress.checksTotal.toLocaleString()} customers without a card one by one`;
  }
  const customers = `${progress.loaded.toLocaleString()}${progress.estimatedTotal ? ` of about ${progress.estimatedTotal.toLocaleString()}` : ''} customers`;
  const cards = `${progress.setupIntents.toLocaleString()}${progress.setupIntentsEstimated ? ` of about ${progress.setupIntentsEstimated.toLocaleString()}` : ''} cards (SetupIntents)`;
  return `${customers} · ${cards}${progress.threescale ? ` · ${threescaleLabel(progress.threescale)}` : ''}`;
}

function threescaleLabel(progress: ThreescaleLoadProgress): string {
  const accounts = `${progress.loaded.toLocaleString()}${progress.estimatedTotal !== null ? ` of ${progress.estimatedTotal.toLocaleString()}` : ''} 3scale developer accounts`;
  if (progress.status === 'failed') return `${accounts} (3scale failed)`;
  return progress.status === 'done' ? `${accounts} (done)` : accounts;
}

function progressValue(progress: NonNullable<CustomersView['progress']>): number | undefined {
  if (progress.stage === 'checks') return progress.checksTotal > 0 ? (progress.checksDone / progress.checksTotal) * 100 : 100;
  if (!progress.estimatedTotal || !progress.setupIntentsEstimated) return undefined;
  // 3scale's side counts as much as it weighs: one account per customer, roughly.
  const threescale = progress.threescale && progress.threescale.status !== 'failed' ? progress.threescale : null;
  if (threescale && threescale.estimatedTotal === null) return undefined;
  const done = progress.loaded + progress.setupIntents + (threescale?.loaded ?? 0);
  const total = progress.estimatedTotal + progress.setupIntentsEstimated + (threescale?.estimatedTotal ?? 0);
  return Math.min(100, (done / total) * 100);
}

/** Counts that filter the table when clicked. */
function CountCards({ counts, filter, onSelect }: { counts: [string, number, CustomerFilter][]; filter: CustomerFilter; onSelect: (filter: CustomerFilter) => void }) {
  return (
    <Gallery hasGutter minWidths={{ default: '160px' }}>
      {counts.map(([label, count, id]) => (
        <Card key={label} isCompact isSelectable isSelected={filter === id} onClick={() => onSelect(id)}>
          <CardTitle>{label}</CardTitle>
          <CardBody className="customers-count">{count.toLocaleString()}</CardBody>
        </Card>
      ))}
    </Gallery>
  );
}

export function CustomersPage({ onOpenThreescale }: { onOpenThreescale?: () => void }) {
  const view = useCustomersStore((s) => s.view);
  const filter = useCustomersStore((s) => s.filter);
  const search = useCustomersStore((s) => s.search);
  const { refresh, load, cancel, exportCsv, openInDashboard, openInAdminPortal, setFilter, setSearch } = useCustomersStore.getState();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const rows = useMemo(() => (view ? view.rows.filter((row) => matches(row, filter, search)) : []), [view, filter, search]);
  if (!view) return null;
  const loading = view.status === 'loading';
  const summary = view.summary;
  const progress = view.progress;
  const joined = summary?.threescale ?? null;
  const threescaleNotice = view.threescale.message;

  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">Customers</Title>
        <p className="page-subtitle">
          Stripe customers of the {view.mode} account, matched to your 3scale developer accounts
          {view.providerId ? ` (provider ${view.providerId})` : ''} through metadata.3scale_account_reference
          {view.threescale.connected && view.threescale.adminDomain ? `, joined to the developer accounts of ${view.threescale.adminDomain}` : ''}.
        </p>
      </PageSection>
      <PageSection>
        <Stack hasGutter>
          <StackItem>
            <Toolbar>
              <ToolbarContent>
                <ToolbarItem>
                  <Button variant="primary" onClick={() => void load()} isDisabled={loading}>
                    {view.loadedAt ? 'Refresh' : 'Load customers'}
                  </Button>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="secondary" onClick={() => void exportCsv()} isDisabled={rows.length === 0 && !summary}>
                    Export CSV
                  </Button>
                </ToolbarItem>
                {view.loadedAt ? (
                  <ToolbarItem alignSelf="center" data-testid="customers-loaded-at">
                    Loaded {new Date(view.loadedAt).toLocaleString()}
                  </ToolbarItem>
                ) : null}
              </ToolbarContent>
            </Toolbar>
          </StackItem>
          {loading && progress ? (
            <StackItem>
              <Flex alignItems={{ default: 'alignItemsCenter' }}>
                <FlexItem grow={{ default: 'grow' }}>
                  <Progress
                    data-testid="customers-progress"
                    title={`${progress.stage === 'checks' ? 'Looking up cards customer by customer' : 'Loading customers and their cards from Stripe'}${progress.threescale ? ', developer accounts from 3scale' : ''}`}
                    value={progressValue(progress)}
                    label={progressLabel(progress)}
                    aria-label="Loading customers"
                  />
                </FlexItem>
                <FlexItem>
                  <Button variant="link" onClick={() => void cancel()}>
                    Cancel
                  </Button>
                </FlexItem>
              </Flex>
            </StackItem>
          ) : null}
          {view.status === 'failed' && view.error ? (
            <StackItem>
              <Alert variant="danger" isInline title={view.error} />
            </StackItem>
          ) : null}
          {view.status === 'cancelled' ? (
            <StackItem>
              <Alert variant="info" isInline title="Loading was cancelled; the customers shown are from the last complete load." />
            </StackItem>
          ) : null}
          {!view.providerId ? (
            <StackItem>
              <Alert variant="warning" isInline title="Enter your 3scale provider account ID on the Charging & Gateway page to match customers." />
            </StackItem>
          ) : null}
          {threescaleNotice ? (
            <StackItem>
              <Alert
                variant={view.threescale.connected ? 'warning' : 'info'}
                isInline
                title={view.threescale.connected ? '3scale developer accounts not joined' : '3scale is not connected'}
                data-testid="customers-threescale-notice"
                actionLinks={
                  onOpenThreescale ? (
                    <Button variant="link" isInline onClick={onOpenThreescale}>
                      Open the 3scale connection
                    </Button>
                  ) : undefined
                }
              >
                {threescaleNotice}
              </Alert>
            </StackItem>
          ) : null}
          {summary ? (
            <StackItem data-testid="customers-summary">
              {joined ? (
                <Title headingLevel="h2" size="md" className="customers-counts-title">
                  Stripe customers
                </Title>
              ) : null}
              <CountCards
                filter={filter}
                onSelect={setFilter}
                counts={[
                  ['Chargeable', summary.chargeable, 'chargeable'],
                  ['No card', summary.noCard, 'no_card'],
                  ['Expired card', summary.expired, 'expired'],
                  ['Problems', summary.problems, 'problems'],
                ]}
              />
              {joined ? (
                <>
                  <Title headingLevel="h2" size="md" className="customers-counts-title">
                    3scale developer accounts
                  </Title>
                  <CountCards
                    filter={filter}
                    onSelect={setFilter}
                    counts={[
                      ['3scale accounts', joined.accounts, 'all'],
                      ['No Stripe customer', joined.accountsWithoutCustomer, 'no_customer'],
                      ...(Object.entries(JOIN_LABELS) as [AccountJoinKind, string][]).map(([kind, label]): [string, number, CustomerFilter] => [label, joined.byState[kind], kind]),
                    ]}
                  />
                </>
              ) : null}
            </StackItem>
          ) : null}
          {summary ? (
            <StackItem>
              <Toolbar>
                <ToolbarContent>
                  <ToolbarItem>
                    <SearchInput
                      aria-label="Search by developer account id or customer id"
                      placeholder="Developer account id or cus_…"
                      value={search}
                      onChange={(_e, value) => setSearch(value)}
                      onClear={() => setSearch('')}
                    />
                  </ToolbarItem>
                  <ToolbarItem>
                    <ToggleGroup aria-label="Filter customers" isCompact className="customers-filters">
                      {STRIPE_FILTERS.map((f) => (
                        <ToggleGroupItem key={f.id} text={f.label} isSelected={filter === f.id} onChange={() => setFilter(f.id)} />
                      ))}
                    </ToggleGroup>
                  </ToolbarItem>
                  {joined ? (
                    <ToolbarItem>
                      <ToggleGroup aria-label="Filter by 3scale" isCompact className="customers-filters">
                        {THREESCALE_FILTERS.map((f) => (
                          <ToggleGroupItem key={f.id} text={f.label} isSelected={filter === f.id} onChange={() => setFilter(f.id)} />
                        ))}
                      </ToggleGroup>
                    </ToolbarItem>
                  ) : null}
                </ToolbarContent>
              </Toolbar>
            </StackItem>
          ) : null}
          {summary && rows.length === 0 ? (
            <StackItem>
              <EmptyState>
                <Title headingLevel="h2" size="lg">
                  No customer matches
                </Title>
                <EmptyStateBody>Change the filter or the search.</EmptyStateBody>
              </EmptyState>
            </StackItem>
          ) : null}
          {rows.length > 0 ? (
            <StackItem>
              <CustomersTable
                rows={rows.slice(0, MAX_ROWS)}
                joined={joined !== null}
                onOpenDashboard={(id) => void openInDashboard(id)}
                onOpenAdminPortal={(id) => void openInAdminPortal(id)}
              />
              {rows.length > MAX_ROWS ? (
                <p className="customers-more" data-testid="customers-more">
                  Showing {MAX_ROWS} of {rows.length.toLocaleString()} customers: search or filter to narrow them down.
                </p>
              ) : null}
            </StackItem>
          ) : null}
        </Stack>
      </PageSection>
    </>
  );
}
