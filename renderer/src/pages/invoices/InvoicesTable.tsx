// The invoices the filters select: one row each, selectable for a retry run, expandable
// into its details; "Charge now" or, for an invoice paid in Stripe only, "Mark as paid in
// 3scale" (flagged in red: never charged again), with the last result in place.
import { Button, Label } from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ChargeOutcome, InvoiceRowView } from '../../../../common/ipc-contract';
import { useInvoicesStore, type RowActionState } from '../../stores/invoices-store';
import { useRetryRunStore } from '../../stores/retry-run-store';
import { InvoiceDetails } from './InvoiceDetails';
import { OUTCOME_TEXT, PAYMENT_STATUS_TEXT, STATE_LABELS, formatDate, formatMoney, formatUnixTime } from './format';

/** Rows drawn at once; the filters and the search narrow the rest. */
export const MAX_ROWS = 200;
const COLUMNS = 9;

const OUTCOME_CLASS: Record<ChargeOutcome, string> = {
  paid: 'invoice-ok',
  declined: 'invoice-problem',
  needs_action: 'invoice-warning',
  skipped: 'invoice-secondary',
  failed: 'invoice-problem',
};

const STATE_COLOR: Partial<Record<InvoiceRowView['state'], 'green' | 'red' | 'orange' | 'grey'>> = {
  paid: 'green',
  failed: 'red',
  unpaid: 'orange',
  cancelled: 'grey',
};

function ActionResult({ action }: { action: RowActionState | undefined }) {
  if (!action) return null;
  if (action.error) {
    return (
      <div className="invoice-problem invoice-action-result" role="alert">
        {action.error}
      </div>
    );
  }
  if (!action.result) return null;
  return (
    <div className="invoice-action-result" role="status">
      <span className={OUTCOME_CLASS[action.result.outcome]}>{action.result.message || OUTCOME_TEXT[action.result.outcome]}</span>
    </div>
  );
}

function Actions({ row, action, inRun, paidByRun, partial }: { row: InvoiceRowView; action: RowActionState | undefined; inRun: boolean; paidByRun: boolean; partial: boolean }) {
  const { askCharge, askMarkPaid } = useInvoicesStore.getState();
  let button = null;
  if (inRun) {
    // The run charges it: never a second charge from here meanwhile.
    button = <div className="invoice-secondary">In the retry run</div>;
  } else if (paidByRun) {
    // The row still shows what 3scale said before the run (it is read again when the run ends).
    button = <div className="invoice-secondary">Paid by the retry run</div>;
  } else if (row.paidInStripe) {
    button = (
      <Button variant="danger" size="sm" onClick={() => askMarkPaid(row.id)}>
        Mark as paid in 3scale
      </Button>
    );
  } else if (!row.exclusion) {
    button = (
      // A partly loaded month may not show a payment Stripe holds: no charge until it is reloaded (main refuses too).
      <Button variant="secondary" size="sm" onClick={() => void askCharge(row.id)} isDisabled={action?.busy === true || partial} isLoading={action?.busy === true}>
        Charge now
      </Button>
    );
  } else if (row.exclusion.reason !== 'not_chargeable_state') {
    button = <div className="invoice-secondary">Not chargeable: {row.exclusion.detail}</div>;
  }
  return (
    <>
      {button}
      <ActionResult action={action} />
    </>
  );
}

/** The Stripe side of the last attempt: its PaymentIntent's status and decline in plain words. */
function StripeCell({ row }: { row: InvoiceRowView }) {
  if (row.paidInStripe) {
    return (
      <div className="invoice-problem" data-testid="paid-in-stripe">
        <strong>Paid in Stripe, unpaid in 3scale</strong>
        <div>
          {formatMoney(row.paidInStripe.amount)} on {formatUnixTime(row.paidInStripe.created)}
        </div>
      </div>
    );
  }
  const payment = row.lastPayment;
  if (!payment) return null;
  return (
    <div className="invoice-stripe">
      Stripe: {PAYMENT_STATUS_TEXT[payment.status]}
      {payment.declineText ? <span className="invoice-problem"> · {payment.declineText}</span> : null}
    </div>
  );
}

export function InvoicesTable({ rows, partial = false }: { rows: InvoiceRowView[]; partial?: boolean }) {
  const selected = useInvoicesStore((s) => s.selected);
  const details = useInvoicesStore((s) => s.details);
  const actions = useInvoicesStore((s) => s.actions);
  const run = useRetryRunStore((s) => s.run);
  const { toggleSelected, setSelection, toggleDetails } = useInvoicesStore.getState();
  const unfinished = run && run.status !== 'done' && run.status !== 'cancelled' ? run.items : [];
  const inActiveRun = new Set(unfinished.filter((item) => item.status === 'pending' || item.status === 'charging' || item.status === 'unknown').map((item) => item.invoiceId));
  const paidByRun = new Set(unfinished.filter((item) => item.status === 'paid').map((item) => item.invoiceId));
  const drawn = rows.slice(0, MAX_ROWS);
  const allSelected = rows.length > 0 && rows.every((row) => selected.includes(row.id));

  return (
    <div className="invoices-scroll">
      <Table aria-label="Invoices" variant="compact" isExpandable className="invoices-table">
        <Thead>
          <Tr>
            <Th
              select={{ onSelect: (_event, isSelecting) => setSelection(isSelecting ? rows.map((r) => r.id) : []), isSelected: allSelected }}
              aria-label="Select every invoice shown"
            />
            <Th screenReaderText="Details" />
            <Th modifier="wrap">Invoice</Th>
            <Th modifier="wrap">Organisation</Th>
            <Th modifier="wrap">State</Th>
            <Th modifier="wrap">Amount</Th>
            <Th modifier="wrap">Issued / due</Th>
            <Th modifier="wrap">Attempts, the last one</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        {drawn.map((row, rowIndex) => {
          const detail = details[row.id];
          const expanded = Boolean(detail);
          return (
            <Tbody key={row.id} isExpanded={expanded}>
              <Tr className={row.paidInStripe ? 'invoice-row-paid-in-stripe' : ''} data-testid={`invoice-row-${row.id}`}>
                <Td
                  select={{ rowIndex, onSelect: (_event, isSelecting) => toggleSelected(row.id, isSelecting), isSelected: selected.includes(row.id) }}
                  aria-label={`Select ${row.friendlyId}`}
                />
                <Td expand={{ rowIndex, isExpanded: expanded, onToggle: () => void toggleDetails(row.id), expandId: `invoice-${row.id}` }} />
                <Td dataLabel="Invoice" modifier="nowrap">
                  <strong>{row.friendlyId}</strong>
                </Td>
                <Td dataLabel="Organisation">{row.organisation ?? `Account ${row.accountId}`}</Td>
                <Td dataLabel="State">
                  <Label isCompact color={STATE_COLOR[row.state] ?? 'grey'}>
                    {STATE_LABELS[row.state]}
                  </Label>
                  {row.needsAction && !row.paidInStripe ? <div className="invoice-warning">Needs action</div> : null}
                </Td>
                <Td dataLabel="Amount" className="invoice-amount">
                  {formatMoney(row.total)}
                </Td>
                <Td dataLabel="Issued / due" modifier="nowrap">
                  {formatDate(row.issuedOn)}
                  <div className="invoice-secondary">due {formatDate(row.dueOn)}</div>
                </Td>
                <Td dataLabel="Attempts, the last one" data-testid="invoice-attempts">
                  <strong>{row.attempts === 1 ? '1 attempt' : `${row.attempts} attempts`}</strong>
                  {row.lastMessage ? `: ${row.lastMessage}` : ''}
                  <StripeCell row={row} />
                </Td>
                <Td dataLabel="Actions" className="invoice-actions">
                  <Actions row={row} action={actions[row.id]} inRun={inActiveRun.has(row.id)} paidByRun={paidByRun.has(row.id)} partial={partial} />
                </Td>
              </Tr>
              {detail ? (
                <Tr isExpanded>
                  <Td colSpan={COLUMNS}>
                    <ExpandableRowContent>
                      <InvoiceDetails row={row} state={detail} />
                    </ExpandableRowContent>
                  </Td>
                </Tr>
              ) : null}
            </Tbody>
          );
        })}
      </Table>
    </div>
  );
}
