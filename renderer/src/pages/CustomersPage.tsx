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
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useMemo } from 'react';
import type { CustomerCardView, CustomerRowView, CustomersView } from '../../../common/ipc-contract';
import { useCustomersStore, type CustomerFilter } from '../stores/customers-store';

/** Rows drawn at once; the search and the filters narrow the rest. */
const MAX_ROWS = 200;

const FILTERS: { id: CustomerFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'chargeable', label: 'Chargeable' },
  { id: 'no_card', label: 'No card' },
  { id: 'expired', label: 'Expired card' },
  { id: 'expires_soon', label: 'Expiring soon' },
  { id: 'problems', label: 'Any problem' },
  { id: 'no_reference', label: 'No reference' },
  { id: 'malformed_reference', label: 'Malformed reference' },
  { id: 'other_provider', label: 'Other provider' },
  { id: 'duplicate_account', label: 'Duplicate account' },
];

function matches(row: CustomerRowView, filter: CustomerFilter, search: string): boolean {
  const query = search.trim().toLowerCase();
  if (query && !(row.developerAccountId ?? '').startsWith(query) && !row.customerId.toLowerCase().startsWith(query)) return false;
  switch (filter) {
    case 'all':
      return true;
    case 'chargeable':
      return row.chargeable;
    case 'no_card':
      return row.cardStatus === 'none';
    case 'expired':
      return row.cardStatus === 'expired';
    case 'expires_soon':
      return row.cardStatus === 'expires_soon';
    case 'problems':
      return row.problems.length > 0;
    case 'duplicate_account':
      return row.duplicate !== null;
    default:
      return row.problems.some((p) => p.kind === filter);
  }
}

const STATUS_TEXT = { ok: 'Valid', expires_soon: 'Expires within 30 days', expired: 'Expired', none: 'No usable payment method' } as const;

const SOURCE_TEXT: Record<CustomerCardView['source'], string> = {
  invoice_settings: 'default payment method',
  default_source: 'default source (legacy)',
  setup_intent: 'attached through a SetupIntent',
  customer_payment_methods: 'attached to the customer',
};

function cardText(card: CustomerCardView): string {
  const expiry = card.expMonth && card.expYear ? ` ${String(card.expMonth).padStart(2, '0')}/${card.expYear}` : '';
  return `${card.brand ?? 'card'} •••• ${card.last4 ?? '????'}${expiry}`;
}

function CardsCell({ row }: { row: CustomerRowView }) {
  if (row.cards.length === 0) return <>—</>;
  return (
    <div className="customer-cards">
      <div className="customer-cards-count">
        {row.cards.length === 1 ? '1 card' : `${row.cards.length} cards`}
        {row.cards.length > 1 ? `, ${row.usableCards} usable` : ''}
      </div>
      {row.cards.map((card, index) => (
        <div key={index} className={card.status === 'expired' || card.status === 'none' ? 'customer-card customer-card-unusable' : 'customer-card'} title={SOURCE_TEXT[card.source]}>
          {cardText(card)}
          {card.status === 'expired' ? ' (expired)' : card.status === 'expires_soon' ? ' (expires soon)' : ''}
        </div>
      ))}
    </div>
  );
}

/** What is being loaded, with counts: customers and cards side by side, then the per-customer checks. */
function progressLabel(progress: NonNullable<CustomersView['progress']>): string {
  if (progress.stage === 'checks') {
    return `Checking ${progress.checksDone.toLocaleString()} of ${progress.checksTotal.toLocaleString()} customers without a card one by one`;
  }
  const customers = `${progress.loaded.toLocaleString()}${progress.estimatedTotal ? ` of about ${progress.estimatedTotal.toLocaleString()}` : ''} customers`;
  const cards = `${progress.setupIntents.toLocaleString()}${progress.setupIntentsEstimated ? ` of about ${progress.setupIntentsEstimated.toLocaleString()}` : ''} cards (SetupIntents)`;
  return `${customers} · ${cards}`;
}

function progressValue(progress: NonNullable<CustomersView['progress']>): number | undefined {
  if (progress.stage === 'checks') return progress.checksTotal > 0 ? (progress.checksDone / progress.checksTotal) * 100 : 100;
  if (!progress.estimatedTotal || !progress.setupIntentsEstimated) return undefined;
  const done = progress.loaded + progress.setupIntents;
  return Math.min(100, (done / (progress.estimatedTotal + progress.setupIntentsEstimated)) * 100);
}

export function CustomersPage() {
  const view = useCustomersStore((s) => s.view);
  const filter = useCustomersStore((s) => s.filter);
  const search = useCustomersStore((s) => s.search);
  const { refresh, load, cancel, exportCsv, openInDashboard, setFilter, setSearch } = useCustomersStore.getState();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const rows = useMemo(() => (view ? view.rows.filter((row) => matches(row, filter, search)) : []), [view, filter, search]);
  if (!view) return null;
  const loading = view.status === 'loading';
  const summary = view.summary;
  const progress = view.progress;

  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">Customers</Title>
        <p className="page-subtitle">
          Stripe customers of the {view.mode} account, matched to your 3scale developer accounts
          {view.providerId ? ` (provider ${view.providerId})` : ''} through metadata.3scale_account_reference.
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
                    title={progress.stage === 'checks' ? 'Looking up cards customer by customer' : 'Loading customers and their cards from Stripe'}
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
          {summary ? (
            <StackItem>
              <Gallery hasGutter minWidths={{ default: '160px' }} data-testid="customers-summary">
                {[
                  ['Chargeable', summary.chargeable, 'chargeable'],
                  ['No card', summary.noCard, 'no_card'],
                  ['Expired card', summary.expired, 'expired'],
                  ['Problems', summary.problems, 'problems'],
                ].map(([label, count, id]) => (
                  <Card key={id as string} isCompact isSelectable isSelected={filter === id} onClick={() => setFilter(id as CustomerFilter)}>
                    <CardTitle>{label}</CardTitle>
                    <CardBody className="customers-count">{(count as number).toLocaleString()}</CardBody>
                  </Card>
                ))}
              </Gallery>
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
                    <ToggleGroup aria-label="Filter customers" isCompact>
                      {FILTERS.map((f) => (
                        <ToggleGroupItem key={f.id} text={f.label} isSelected={filter === f.id} onChange={() => setFilter(f.id)} />
                      ))}
                    </ToggleGroup>
                  </ToolbarItem>
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
              <Table aria-label="Customers" role="table" variant="compact">
                <Thead>
                  <Tr>
                    <Th modifier="wrap">Developer account</Th>
                    <Th modifier="wrap">Customer</Th>
                    <Th modifier="wrap">Organisation</Th>
                    <Th modifier="wrap">Email</Th>
                    <Th modifier="wrap">Created</Th>
                    <Th modifier="wrap">Cards</Th>
                    <Th modifier="wrap">Status</Th>
                    <Th screenReaderText="Actions" />
                  </Tr>
                </Thead>
                <Tbody>
                  {rows.slice(0, MAX_ROWS).map((row) => (
                    <Tr key={row.customerId}>
                      <Td dataLabel="Developer account">{row.developerAccountId ?? '—'}</Td>
                      <Td dataLabel="Customer">
                        <code>{row.customerId}</code>
                      </Td>
                      <Td dataLabel="Organisation">
                        {row.organisation ?? ''}
                        {row.name ? <div className="customer-secondary">{row.name}</div> : null}
                      </Td>
                      <Td dataLabel="Email">{row.email ?? ''}</Td>
                      <Td dataLabel="Created">{new Date(row.created * 1000).toLocaleDateString()}</Td>
                      <Td dataLabel="Cards">
                        <CardsCell row={row} />
                      </Td>
                      <Td dataLabel="Status">
                        {row.chargeable ? <span className="customer-ok">Chargeable</span> : null}
                        {!row.chargeable && row.problems.length === 0 ? STATUS_TEXT[row.cardStatus] : null}
                        {row.chargeable && row.cardStatus === 'expires_soon' ? ` · ${STATUS_TEXT.expires_soon}` : null}
                        {row.duplicate?.role === 'newest' ? (
                          <div className="customer-secondary">
                            Newest of {row.duplicate.otherCustomerIds.length + 1} for this account: the one 3scale most likely uses
                          </div>
                        ) : null}
                        {row.problems.map((p) => (
                          <div key={p.kind} className="customer-problem">
                            {p.detail}
                          </div>
                        ))}
                      </Td>
                      <Td dataLabel="Actions" modifier="nowrap">
                        <Button variant="link" isInline onClick={() => void openInDashboard(row.customerId)}>
                          Open in Stripe
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
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
