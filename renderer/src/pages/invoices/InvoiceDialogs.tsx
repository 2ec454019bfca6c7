// The two single-invoice dialogs: "Charge now" (organisation, amount, card, in the mode's
// colour) and "Mark as paid in 3scale" (the Stripe payment that paid it).
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Modal,
  ModalVariant,
  Spinner,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useInvoicesStore } from '../../stores/invoices-store';
import { STATE_LABELS, formatCard, formatMoney, formatUnixTime } from './format';
import { ModeNotice } from './ModeNotice';

function Facts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <DescriptionList isHorizontal isCompact className="invoice-dialog-facts">
      {facts.map(([term, value]) => (
        <DescriptionListGroup key={term}>
          <DescriptionListTerm>{term}</DescriptionListTerm>
          <DescriptionListDescription>{value}</DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}

export function ChargeDialog() {
  const dialog = useInvoicesStore((s) => s.chargeDialog);
  const mode = useInvoicesStore((s) => s.view?.mode ?? 'test');
  const { confirmCharge, closeChargeDialog } = useInvoicesStore.getState();
  if (!dialog) return null;
  const { row } = dialog;
  const amount = formatMoney(row.total);
  const live = mode === 'live';
  return (
    <Modal
      variant={ModalVariant.small}
      isOpen
      title={`Charge invoice ${row.friendlyId}?`}
      titleIconVariant={live ? 'danger' : 'warning'}
      className={live ? 'money-dialog-live' : 'money-dialog-test'}
      onClose={closeChargeDialog}
      showClose={!dialog.busy}
      actions={[
        <Button
          key="charge"
          variant={live ? 'danger' : 'primary'}
          onClick={() => void confirmCharge()}
          isDisabled={dialog.busy || dialog.loadingCard}
          isLoading={dialog.busy}
        >
          Charge {amount}
        </Button>,
        <Button key="cancel" variant="link" onClick={closeChargeDialog} isDisabled={dialog.busy}>
          Cancel
        </Button>,
      ]}
    >
      <ModeNotice mode={mode} action="this charges" />
      <Facts
        facts={[
          ['Organisation', row.organisation ?? `Account ${row.accountId}`],
          ['Invoice', row.friendlyId],
          ['Amount', <strong key="amount">{amount}</strong>],
          ['Card', dialog.loadingCard ? <Spinner key="card" size="sm" aria-label="Reading the card 3scale holds" /> : formatCard(dialog.card)],
        ]}
      />
      <p className="invoice-dialog-note">
        3scale charges the card it holds for this developer. Right before, Billing Desk reads the invoice in 3scale and its payments in Stripe
        again, and does not charge if anything changed.
      </p>
      {dialog.error ? <Alert variant="danger" isInline title={dialog.error} data-testid="charge-dialog-error" /> : null}
    </Modal>
  );
}

export function MarkPaidDialog() {
  const dialog = useInvoicesStore((s) => s.markPaidDialog);
  const { confirmMarkPaid, closeMarkPaidDialog } = useInvoicesStore.getState();
  const payment = dialog?.row.paidInStripe;
  if (!dialog || !payment) return null;
  const { row } = dialog;
  // 3scale charges the invoice's total in its currency; main refuses any other amount (checked against 3scale again).
  const amountsAgree = payment.amount.amountMinor === row.total.amountMinor && payment.amount.currency === row.total.currency;
  return (
    <Modal
      variant={ModalVariant.small}
      isOpen
      title="Mark as paid in 3scale?"
      titleIconVariant="warning"
      onClose={closeMarkPaidDialog}
      showClose={!dialog.busy}
      actions={[
        <Button key="mark" variant="primary" onClick={() => void confirmMarkPaid()} isDisabled={dialog.busy || !amountsAgree} isLoading={dialog.busy}>
          Mark as paid in 3scale
        </Button>,
        <Button key="cancel" variant="link" onClick={closeMarkPaidDialog} isDisabled={dialog.busy}>
          Cancel
        </Button>,
      ]}
    >
      <p className="invoice-dialog-intro">
        Stripe has a payment that succeeded for invoice {row.friendlyId}, yet 3scale still has it as {STATE_LABELS[row.state].toLowerCase()}. Marking it paid
        changes its state in 3scale only: nothing is charged.
      </p>
      <Facts
        facts={[
          ['Organisation', row.organisation ?? `Account ${row.accountId}`],
          ['Invoice', row.friendlyId],
          ['Stripe payment', <code key="pi">{payment.id}</code>],
          ['Invoice total', <strong key="total">{formatMoney(row.total)}</strong>],
          ['Amount paid', <strong key="amount">{formatMoney(payment.amount)}</strong>],
          ['Card', formatCard(payment.card)],
          ['Paid on', formatUnixTime(payment.created)],
        ]}
      />
      {amountsAgree ? null : (
        <Alert variant="danger" isInline title="The amount paid differs from the invoice total" data-testid="mark-paid-mismatch">
          This payment is not the invoice&apos;s payment: 3scale charges the invoice&apos;s total in its currency. The invoice stays as it is.
        </Alert>
      )}
      {dialog.error ? <Alert variant="danger" isInline title={dialog.error} data-testid="mark-paid-error" /> : null}
    </Modal>
  );
}
