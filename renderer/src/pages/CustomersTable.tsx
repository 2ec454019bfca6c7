// The Customers screen's table: a row per Stripe customer and, when 3scale's developer
// accounts are joined, per account without a customer; the filters it is narrowed by.
import { Button, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { AccountJoinKind, CustomerCardView, CustomerRowView, ThreescaleAccountView } from '../../../common/ipc-contract';
import type { CustomerFilter } from '../stores/customers-store';

export const STRIPE_FILTERS: { id: CustomerFilter; label: string }[] = [
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

export const JOIN_LABELS: Record<AccountJoinKind, string> = {
  ok: 'Cards agree',
  card_not_in_stripe: 'Card not in Stripe',
  card_expiring: '3scale card expiring',
  card_expired: '3scale card expired',
  account_missing: 'Not in 3scale',
  charging_without_card: 'Charging, no card',
};

export const THREESCALE_FILTERS: { id: CustomerFilter; label: string }[] = [
  ...(Object.entries(JOIN_LABELS) as [AccountJoinKind, string][]).map(([id, label]) => ({ id, label })),
  { id: 'no_customer', label: 'No Stripe customer' },
];

const JOIN_COLORS: Record<AccountJoinKind, 'green' | 'red' | 'orange'> = {
  ok: 'green',
  card_not_in_stripe: 'red',
  card_expiring: 'orange',
  card_expired: 'red',
  account_missing: 'red',
  charging_without_card: 'orange',
};

export function matches(row: CustomerRowView, filter: CustomerFilter, search: string): boolean {
  const query = search.trim().toLowerCase();
  if (query && !(row.developerAccountId ?? '').startsWith(query) && !(row.customerId ?? '').toLowerCase().startsWith(query)) return false;
  const isCustomer = row.customerId !== null;
  switch (filter) {
    case 'all':
      return true;
    case 'chargeable':
      return row.chargeable;
    case 'no_card':
      return isCustomer && row.cardStatus === 'none';
    case 'expired':
      return isCustomer && row.cardStatus === 'expired';
    case 'expires_soon':
      return isCustomer && row.cardStatus === 'expires_soon';
    case 'problems':
      return row.problems.length > 0;
    case 'duplicate_account':
      return row.duplicate !== null;
    case 'no_customer':
      return !isCustomer;
    case 'ok':
    case 'card_not_in_stripe':
    case 'card_expiring':
    case 'card_expired':
    case 'account_missing':
    case 'charging_without_card':
      return row.threescale?.states.some((state) => state.kind === filter) ?? false;
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

function expiry(month: number | null, year: number | null): string {
  return month && year ? ` ${String(month).padStart(2, '0')}/${year}` : '';
}

function cardText(card: CustomerCardView): string {
  return `${card.brand ?? 'card'} •••• ${card.last4 ?? '????'}${expiry(card.expMonth, card.expYear)}`;
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

const STATE_TEXT: Record<string, string> = {
  approved: 'Approved',
  pending: 'Pending',
  rejected: 'Rejected',
  suspended: 'Suspended',
  scheduled_for_deletion: 'Scheduled for deletion',
};

function AccountCell({ account }: { account: ThreescaleAccountView | null }) {
  if (!account) return <span className="customer-secondary">Not in 3scale</span>;
  const card = account.card;
  return (
    <div className="customer-account">
      <div>{account.orgName ?? `Account ${account.id}`}</div>
      <div className="customer-secondary">
        {STATE_TEXT[account.state] ?? account.state}
        {account.chargingEnabled === true ? ' · charging on' : account.chargingEnabled === false ? ' · charging off' : ''}
      </div>
      <div className={card && card.status !== 'ok' && card.status !== 'expires_soon' ? 'customer-card customer-card-unusable' : 'customer-card'}>
        {card ? `Card •••• ${card.last4 ?? '????'}${expiry(card.expMonth, card.expYear)}` : 'No card in 3scale'}
        {card?.status === 'expired' ? ' (expired)' : card?.status === 'expires_soon' ? ' (expires soon)' : ''}
      </div>
    </div>
  );
}

/** With 3scale joined, the customer's details share one column (the table has two sides to show). */
function CustomerCell({ row }: { row: CustomerRowView }) {
  if (!row.customerId) return <span className="customer-secondary">No Stripe customer</span>;
  const details = [row.email, row.created === null ? null : `created ${new Date(row.created * 1000).toLocaleDateString()}`].filter(Boolean).join(' · ');
  return (
    <div>
      <code>{row.customerId}</code>
      {row.organisation ? <div>{row.organisation}</div> : null}
      {row.name ? <div className="customer-secondary">{row.name}</div> : null}
      {details ? <div className="customer-secondary">{details}</div> : null}
    </div>
  );
}

interface TableProps {
  rows: CustomerRowView[];
  joined: boolean;
  onOpenDashboard: (customerId: string) => void;
  onOpenAdminPortal: (accountId: string) => void;
}

export function CustomersTable({ rows, joined, onOpenDashboard, onOpenAdminPortal }: TableProps) {
  return (
    <Table aria-label="Customers" role="table" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="wrap">Developer account</Th>
          {joined ? <Th modifier="wrap">3scale account</Th> : null}
          {joined ? (
            <Th modifier="wrap">Stripe customer</Th>
          ) : (
            <>
              <Th modifier="wrap">Customer</Th>
              <Th modifier="wrap">Organisation</Th>
              <Th modifier="wrap">Email</Th>
              <Th modifier="wrap">Created</Th>
            </>
          )}
          <Th modifier="wrap">Cards</Th>
          <Th modifier="wrap">Status</Th>
          <Th screenReaderText="Actions" />
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.customerId ?? `account-${row.developerAccountId ?? ''}`}>
            <Td dataLabel="Developer account">{row.developerAccountId ?? '—'}</Td>
            {joined ? (
              <Td dataLabel="3scale account">
                <AccountCell account={row.threescale?.account ?? null} />
              </Td>
            ) : null}
            {joined ? (
              <Td dataLabel="Stripe customer">
                <CustomerCell row={row} />
              </Td>
            ) : (
              <>
                <Td dataLabel="Customer">
                  <code>{row.customerId}</code>
                </Td>
                <Td dataLabel="Organisation">
                  {row.organisation ?? ''}
                  {row.name ? <div className="customer-secondary">{row.name}</div> : null}
                </Td>
                <Td dataLabel="Email">{row.email ?? ''}</Td>
                <Td dataLabel="Created">{row.created === null ? '' : new Date(row.created * 1000).toLocaleDateString()}</Td>
              </>
            )}
            <Td dataLabel="Cards">
              <CardsCell row={row} />
            </Td>
            <Td dataLabel="Status">
              {row.chargeable ? <span className="customer-ok">Chargeable</span> : null}
              {row.customerId && !row.chargeable && row.problems.length === 0 ? STATUS_TEXT[row.cardStatus] : null}
              {row.chargeable && row.cardStatus === 'expires_soon' ? ` · ${STATUS_TEXT.expires_soon}` : null}
              {row.duplicate?.role === 'newest' ? (
                <div className="customer-secondary">Newest of {row.duplicate.otherCustomerIds.length + 1} for this account: the one 3scale most likely uses</div>
              ) : null}
              {row.problems.map((p) => (
                <div key={p.kind} className="customer-problem">
                  {p.detail}
                </div>
              ))}
              {row.threescale?.states.map((state) => (
                <div key={state.kind} className="customer-join-state" data-join-state={state.kind}>
                  <Label isCompact color={JOIN_COLORS[state.kind]}>
                    {JOIN_LABELS[state.kind]}
                  </Label>{' '}
                  <span className="customer-secondary">{state.detail}</span>
                </div>
              ))}
            </Td>
            <Td dataLabel="Actions" modifier="nowrap" className="customers-actions">
              {row.customerId ? (
                <div>
                  <Button variant="link" isInline onClick={() => onOpenDashboard(row.customerId ?? '')}>
                    Open in Stripe
                  </Button>
                </div>
              ) : null}
              {row.threescale?.account ? (
                <div>
                  <Button variant="link" isInline onClick={() => onOpenAdminPortal(row.threescale?.account?.id ?? '')}>
                    Open in 3scale
                  </Button>
                </div>
              ) : null}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
