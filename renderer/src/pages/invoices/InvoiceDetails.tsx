// An invoice's details, inside its expanded row: line items, every payment attempt with
// its Stripe PaymentIntent, and the links (opened by main) to the admin portal and Stripe.
import { Alert, Button, Flex, FlexItem, Spinner, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { InvoiceRowView } from '../../../../common/ipc-contract';
import { useInvoicesStore, type DetailState } from '../../stores/invoices-store';
import { PAYMENT_STATUS_TEXT, formatCard, formatDate, formatMoney, formatUnixTime } from './format';

export function InvoiceDetails({ row, state }: { row: InvoiceRowView; state: DetailState }) {
  const { openInAdminPortal, openPayment } = useInvoicesStore.getState();
  const detail = state.detail;
  const payment = row.paidInStripe ?? row.lastPayment;
  return (
    <div className="invoice-details" data-testid={`invoice-details-${row.id}`}>
      <Flex className="invoice-details-links">
        <FlexItem>
          <Button variant="secondary" size="sm" onClick={() => void openInAdminPortal(row.id)}>
            Open invoice in the admin portal
          </Button>
        </FlexItem>
        {payment ? (
          <FlexItem>
            <Button variant="secondary" size="sm" onClick={() => void openPayment(row.id, payment.id)}>
              Open payment in the Stripe Dashboard
            </Button>
          </FlexItem>
        ) : null}
        {detail ? <FlexItem alignSelf={{ default: 'alignSelfCenter' }}>Card 3scale holds: {formatCard(detail.card)}</FlexItem> : null}
      </Flex>
      {state.error ? <Alert variant="danger" isInline isPlain title={state.error} data-testid="invoice-details-error" /> : null}
      {state.loading ? <Spinner size="md" aria-label="Loading the invoice's details" /> : null}
      {detail ? (
        <>
          <Title headingLevel="h3" size="md" className="invoice-details-title">
            Line items
          </Title>
          <Table aria-label={`Line items of ${row.friendlyId}`} variant="compact" borders={false}>
            <Thead>
              <Tr>
                <Th modifier="wrap">Item</Th>
                <Th modifier="wrap">Description</Th>
                <Th modifier="wrap">Quantity</Th>
                <Th modifier="wrap">Cost</Th>
              </Tr>
            </Thead>
            <Tbody>
              {detail.lineItems.map((item) => (
                <Tr key={item.id}>
                  <Td dataLabel="Item">{item.name}</Td>
                  <Td dataLabel="Description">{item.description ?? ''}</Td>
                  <Td dataLabel="Quantity">{item.quantity ?? ''}</Td>
                  <Td dataLabel="Cost">{formatMoney(item.cost)}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <Title headingLevel="h3" size="md" className="invoice-details-title">
            Payment attempts
          </Title>
          {detail.attempts.length === 0 ? (
            <p>3scale has not tried to charge this invoice yet.</p>
          ) : (
            <div className="invoices-scroll">
              <Table aria-label={`Payment attempts of ${row.friendlyId}`} variant="compact" borders={false}>
                <Thead>
                  <Tr>
                    <Th modifier="wrap">When</Th>
                    <Th modifier="wrap">3scale says</Th>
                    <Th modifier="wrap">Amount</Th>
                    <Th modifier="wrap">PaymentIntent</Th>
                    <Th modifier="wrap">Status in Stripe</Th>
                    <Th modifier="wrap">Card</Th>
                    <Th modifier="wrap">Decline</Th>
                    <Th modifier="wrap">Created in Stripe</Th>
                    <Th screenReaderText="Actions" />
                  </Tr>
                </Thead>
                <Tbody>
                  {detail.attempts.map((attempt) => {
                    const pi = attempt.paymentIntent;
                    return (
                      <Tr key={attempt.transactionId}>
                        <Td dataLabel="When" modifier="nowrap">{formatDate(attempt.createdAt)}</Td>
                        <Td dataLabel="3scale says" className={attempt.success ? 'invoice-ok' : 'invoice-problem'}>
                          {attempt.success ? 'Succeeded' : 'Failed'}
                          {attempt.message ? `: ${attempt.message}` : ''}
                        </Td>
                        <Td dataLabel="Amount">{formatMoney(attempt.amount)}</Td>
                        <Td dataLabel="PaymentIntent" modifier="breakWord">
                          {/* 3scale's reference of a declined attempt is the failed charge (ch_…); main joins it to its PaymentIntent. */}
                          {pi ? <code>{pi.id}</code> : null}
                          {attempt.reference && attempt.reference !== pi?.id ? (
                            <>
                              {pi ? ' charge ' : ''}
                              <code>{attempt.reference}</code>
                            </>
                          ) : null}
                          {!pi && !attempt.reference ? '—' : null}
                        </Td>
                        <Td dataLabel="Status in Stripe">{pi ? PAYMENT_STATUS_TEXT[pi.status] : attempt.reference ? 'Not found in Stripe' : '—'}</Td>
                        <Td dataLabel="Card">{pi ? formatCard(pi.card) : '—'}</Td>
                        <Td dataLabel="Decline">{pi?.declineText ?? '—'}</Td>
                        <Td dataLabel="Created in Stripe">{pi ? formatUnixTime(pi.created) : '—'}</Td>
                        <Td dataLabel="Actions" modifier="nowrap">
                          {pi ? (
                            <Button variant="link" isInline onClick={() => void openPayment(row.id, pi.id)}>
                              Open in Stripe
                            </Button>
                          ) : null}
                        </Td>
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
