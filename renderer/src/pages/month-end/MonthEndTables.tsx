// The report's tables: totals per currency, the payouts, the mismatch lists (each kind its own
// list, with its count), the Stripe payments no invoice claims, and what changed since the
// month was closed.
import { Alert, Badge, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ClosedMonthDiff, CurrencyTotals, MismatchItem, MismatchKind, MonthEndReport, PayoutView, UnmatchedPayment } from '../../../../common/ipc-contract';
import { STATE_LABELS } from '../invoices/format';
import { isoDay, money } from './money';
import { changedSinceClosedLines, MISMATCH_TITLES, TOTAL_WORDS, UNMATCHED_TITLE, type TotalField } from './words';

/** The figures the table shows, in its order (the count is in the header, dispute fees are in the fees). */
const TOTAL_ROWS: TotalField[] = [
  'invoicedMinor',
  'collectedGrossMinor',
  'feesMinor',
  'refundedMinor',
  'disputedMinor',
  'netMinor',
  'outstandingUnpaidMinor',
  'outstandingFailedMinor',
  'outstandingNeedsActionMinor',
  'otherBusinessMinor',
];

export function TotalsTable({ totals }: { totals: CurrencyTotals[] }) {
  return (
    <Table aria-label="Totals per currency" variant="compact" data-testid="month-end-totals">
      <Thead>
        <Tr>
          <Th modifier="wrap">Figure</Th>
          {totals.map((t) => (
            <Th modifier="wrap" key={t.currency} className="month-end-number">
              {t.currency} ({t.invoiceCount.toLocaleString()} invoices)
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {TOTAL_ROWS.map((field) => (
          <Tr key={field} {...(field === 'netMinor' ? { className: 'month-end-total-net' } : {})}>
            <Td dataLabel="Figure">{TOTAL_WORDS[field]}</Td>
            {totals.map((t) => (
              <Td key={t.currency} dataLabel={t.currency} className="month-end-number">
                {money(t[field], t.currency)}
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function PayoutsTable({ payouts }: { payouts: PayoutView[] }) {
  if (payouts.length === 0) return <p>No payout carried this month's money yet.</p>;
  return (
    <Table aria-label="Payouts" variant="compact" data-testid="month-end-payouts">
      <Thead>
        <Tr>
          <Th modifier="wrap">Payout</Th>
          <Th modifier="wrap">Arrival</Th>
          <Th modifier="wrap">Status</Th>
          <Th modifier="wrap" className="month-end-number">Amount</Th>
          <Th modifier="wrap" className="month-end-number">Of which this month</Th>
        </Tr>
      </Thead>
      <Tbody>
        {payouts.map((p) => (
          <Tr key={p.id}>
            <Td dataLabel="Payout" className="month-end-id">
              {p.id}
            </Td>
            <Td dataLabel="Arrival">{isoDay(p.arrivalDate)}</Td>
            <Td dataLabel="Status">{p.status.replace(/_/g, ' ')}</Td>
            <Td dataLabel="Amount" className="month-end-number">
              {money(p.amountMinor, p.currency)}
            </Td>
            <Td dataLabel="Of which this month" className="month-end-number">
              {money(p.fromMonthMinor, p.currency)}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function ListTitle({ title, count, id }: { title: string; count: number; id: string }) {
  return (
    <Title headingLevel="h3" size="md" className="month-end-list-title" data-testid={`list-${id}`}>
      {title} <Badge isRead={count === 0}>{count.toLocaleString()}</Badge>
    </Title>
  );
}

function More({ shown, total }: { shown: number; total: number }) {
  return total > shown ? <p className="month-end-more">…and {(total - shown).toLocaleString()} more (all of them are in the CSV).</p> : null;
}

export function MismatchList({ kind, items, limit }: { kind: MismatchKind; items: MismatchItem[]; limit: number }) {
  const shown = items.slice(0, limit);
  return (
    <section className="month-end-list">
      <ListTitle title={MISMATCH_TITLES[kind]} count={items.length} id={kind} />
      {items.length === 0 ? (
        <p className="month-end-none">None.</p>
      ) : (
        <>
          <Table aria-label={MISMATCH_TITLES[kind]} variant="compact">
            <Thead>
              <Tr>
                <Th modifier="wrap">Invoice</Th>
                <Th modifier="wrap">Organisation</Th>
                <Th modifier="wrap">3scale state</Th>
                <Th modifier="wrap" className="month-end-number">Invoiced</Th>
                <Th modifier="wrap">What differs</Th>
              </Tr>
            </Thead>
            <Tbody>
              {shown.map((item) => (
                <Tr key={`${item.kind}-${item.invoiceId}`}>
                  <Td dataLabel="Invoice">{item.friendlyId}</Td>
                  <Td dataLabel="Organisation">{item.organisation ?? `Account ${item.invoiceId}`}</Td>
                  <Td dataLabel="3scale state">{STATE_LABELS[item.state]}</Td>
                  <Td dataLabel="Invoiced" className="month-end-number">
                    {money(item.invoicedMinor, item.currency)}
                  </Td>
                  <Td dataLabel="What differs">
                    {item.detail}
                    {item.paymentIntentIds.length > 0 ? <div className="month-end-id">{item.paymentIntentIds.join(', ')}</div> : null}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <More shown={shown.length} total={items.length} />
        </>
      )}
    </section>
  );
}

export function UnmatchedList({ items, limit }: { items: UnmatchedPayment[]; limit: number }) {
  const shown = items.slice(0, limit);
  return (
    <section className="month-end-list">
      <ListTitle title={UNMATCHED_TITLE.stripe_payment_without_invoice} count={items.length} id="stripe_payment_without_invoice" />
      {items.length === 0 ? (
        <p className="month-end-none">None.</p>
      ) : (
        <>
          <Table aria-label="Stripe payments with no 3scale invoice" variant="compact">
            <Thead>
              <Tr>
                <Th modifier="wrap">PaymentIntent</Th>
                <Th modifier="wrap">Date</Th>
                <Th modifier="wrap">Description</Th>
                <Th modifier="wrap" className="month-end-number">Amount</Th>
                <Th modifier="wrap">Note</Th>
              </Tr>
            </Thead>
            <Tbody>
              {shown.map((p) => (
                <Tr key={p.paymentIntentId}>
                  <Td dataLabel="PaymentIntent" className="month-end-id">
                    {p.paymentIntentId}
                  </Td>
                  <Td dataLabel="Date">{isoDay(p.created)}</Td>
                  <Td dataLabel="Description">{p.description ?? '—'}</Td>
                  <Td dataLabel="Amount" className="month-end-number">
                    {money(p.amountMinor, p.currency)}
                  </Td>
                  <Td dataLabel="Note">{p.detail}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <More shown={shown.length} total={items.length} />
        </>
      )}
    </section>
  );
}

/** What changed in 3scale or Stripe since the month was closed. */
export function ClosedMonthChanges({ diff, report }: { diff: ClosedMonthDiff; report: MonthEndReport }) {
  const closedAt = new Date(diff.closedAt).toLocaleString('en');
  if (diff.unchanged) {
    return (
      <Alert variant="success" isInline title={`Closed on ${closedAt}: nothing changed in 3scale or Stripe since.`} data-testid="month-end-closed" />
    );
  }
  const currencyOf = new Map(report.rows.map((row) => [row.invoiceId, row.currency]));
  return (
    <Alert variant="warning" isInline title={`Closed on ${closedAt}: 3scale or Stripe changed since.`} data-testid="month-end-closed">
      <ul className="month-end-changes">
        {changedSinceClosedLines(diff, (invoiceId) => currencyOf.get(invoiceId) ?? null).map((line) => (
          <li key={line.key}>{line.text}</li>
        ))}
      </ul>
    </Alert>
  );
}
