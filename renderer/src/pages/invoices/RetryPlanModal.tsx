// "Retry failed charges", before anything moves: the plan (what will be charged, what is
// left out and why, totals per currency), then the confirmation that states count and
// totals, in the mode's colour; in live mode the user types the count.
import { Alert, Button, FormGroup, HelperText, HelperTextItem, Modal, ModalVariant, Spinner, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { RetryPlanView } from '../../../../common/ipc-contract';
import { useRetryRunStore } from '../../stores/retry-run-store';
import { EXCLUSION_TEXT, formatCard, formatMoney, formatTotals } from './format';
import { ModeNotice } from './ModeNotice';

const MAX_PLAN_ROWS = 100;

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

function PlanTables({ plan }: { plan: RetryPlanView }) {
  const reasons = new Map<string, number>();
  for (const item of plan.excluded) reasons.set(EXCLUSION_TEXT[item.reason], (reasons.get(EXCLUSION_TEXT[item.reason]) ?? 0) + 1);
  const why = [...reasons].map(([reason, count]) => `${reason} (${count})`).join(', ');
  return (
    <>
      {/* Both answers first, said once; the tables below list the invoices. */}
      <ul className="retry-plan-summary" data-testid="retry-plan-summary">
        <li>
          {plan.include.length > 0 ? (
            <>
              <strong>{plural(plan.include.length, 'invoice', 'invoices')} to charge</strong>, for a total of <strong>{formatTotals(plan.totals)}</strong>
            </>
          ) : (
            <strong>Nothing to charge</strong>
          )}
        </li>
        {plan.excluded.length > 0 ? (
          <li>
            <strong>{plural(plan.excluded.length, 'invoice', 'invoices')} left out</strong>: {why}
          </li>
        ) : null}
      </ul>
      {plan.include.length > 0 ? (
        <>
          <h3 className="retry-plan-heading">Invoices to charge</h3>
          <Table aria-label="Invoices to charge" variant="compact">
            <Thead>
              <Tr>
                <Th>Invoice</Th>
                <Th>Organisation</Th>
                <Th>Amount</Th>
                <Th>Card</Th>
              </Tr>
            </Thead>
            <Tbody>
              {plan.include.slice(0, MAX_PLAN_ROWS).map((item) => (
                <Tr key={item.invoiceId}>
                  <Td dataLabel="Invoice">{item.friendlyId}</Td>
                  <Td dataLabel="Organisation">{item.organisation ?? ''}</Td>
                  <Td dataLabel="Amount">{formatMoney(item.total)}</Td>
                  <Td dataLabel="Card">{formatCard(item.card)}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </>
      ) : null}
      {plan.include.length > MAX_PLAN_ROWS ? <p className="invoice-secondary">…and {plan.include.length - MAX_PLAN_ROWS} more.</p> : null}
      {plan.excluded.length > 0 ? (
        <>
          <h3 className="retry-plan-heading">Invoices left out, and why</h3>
          <Table aria-label="Invoices left out" variant="compact">
            <Thead>
              <Tr>
                <Th>Invoice</Th>
                <Th>Organisation</Th>
                <Th>Amount</Th>
                <Th>Why</Th>
              </Tr>
            </Thead>
            <Tbody>
              {plan.excluded.slice(0, MAX_PLAN_ROWS).map((item) => (
                <Tr key={item.invoiceId}>
                  <Td dataLabel="Invoice">{item.friendlyId}</Td>
                  <Td dataLabel="Organisation">{item.organisation ?? ''}</Td>
                  <Td dataLabel="Amount">{formatMoney(item.total)}</Td>
                  <Td dataLabel="Why">
                    <strong>{EXCLUSION_TEXT[item.reason]}</strong>
                    {item.detail && item.detail !== EXCLUSION_TEXT[item.reason] ? <div className="invoice-secondary">{item.detail}</div> : null}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {plan.excluded.length > MAX_PLAN_ROWS ? <p className="invoice-secondary">…and {plan.excluded.length - MAX_PLAN_ROWS} more.</p> : null}
        </>
      ) : null}
    </>
  );
}

function ConfirmStep({ plan }: { plan: RetryPlanView }) {
  const confirmText = useRetryRunStore((s) => s.confirmText);
  const { setConfirmText } = useRetryRunStore.getState();
  const count = plan.include.length;
  const typedWrong = confirmText.trim() !== '' && confirmText.trim() !== String(count);
  return (
    <>
      <ModeNotice mode={plan.mode} action="this run charges" />
      <p className="retry-confirm-text" data-testid="retry-confirm-text">
        Billing Desk will charge <strong>{plural(count, 'invoice', 'invoices')}</strong> through 3scale, for a total of{' '}
        <strong>{formatTotals(plan.totals)}</strong>. Each invoice is read again in 3scale and Stripe right before its charge, and skipped if
        it was paid meanwhile.
      </p>
      {plan.mode === 'live' ? (
        <FormGroup label={`Type ${count} to confirm`} fieldId="retry-confirm-count" isRequired>
          <TextInput
            id="retry-confirm-count"
            value={confirmText}
            onChange={(_event, value) => setConfirmText(value)}
            validated={typedWrong ? 'error' : 'default'}
            inputMode="numeric"
            autoComplete="off"
          />
          {typedWrong ? (
            <HelperText>
              <HelperTextItem variant="error">Type the number of invoices to charge: {count}.</HelperTextItem>
            </HelperText>
          ) : null}
        </FormGroup>
      ) : null}
    </>
  );
}

export function RetryPlanModal() {
  const step = useRetryRunStore((s) => s.step);
  const plan = useRetryRunStore((s) => s.plan);
  const planError = useRetryRunStore((s) => s.planError);
  const planFor = useRetryRunStore((s) => s.planFor);
  const starting = useRetryRunStore((s) => s.starting);
  const startError = useRetryRunStore((s) => s.startError);
  useRetryRunStore((s) => s.confirmText); // re-render: the Start button follows the typing
  const { closePlan, toConfirm, backToPlan, start, planRetry, confirmReady } = useRetryRunStore.getState();
  if (step === 'closed') return null;
  const live = plan?.mode === 'live';
  const count = plan?.include.length ?? 0;

  const actions =
    step === 'confirm' && plan
      ? [
          <Button key="start" variant={live ? 'danger' : 'primary'} onClick={() => void start()} isDisabled={!confirmReady() || starting} isLoading={starting}>
            Charge {plural(count, 'invoice', 'invoices')}
          </Button>,
          <Button key="back" variant="secondary" onClick={backToPlan} isDisabled={starting}>
            Back to the plan
          </Button>,
          <Button key="cancel" variant="link" onClick={closePlan} isDisabled={starting}>
            Cancel
          </Button>,
        ]
      : [
          <Button key="continue" variant="primary" onClick={toConfirm} isDisabled={!plan || count === 0}>
            Continue
          </Button>,
          <Button key="cancel" variant="link" onClick={closePlan}>
            Cancel
          </Button>,
        ];

  return (
    <Modal
      variant={step === 'confirm' ? ModalVariant.small : ModalVariant.large}
      isOpen
      title={step === 'confirm' && plan ? `Charge ${plural(count, 'invoice', 'invoices')}?` : 'Retry failed charges: the plan'}
      titleIconVariant={step === 'confirm' ? (live ? 'danger' : 'warning') : undefined}
      onClose={closePlan}
      showClose={!starting}
      actions={actions}
      className={live ? 'money-dialog-live' : 'money-dialog-test'}
    >
      {step === 'planning' ? (
        <div className="retry-planning">
          <Spinner size="lg" aria-label="Planning the run" /> Checking each invoice in 3scale and Stripe…
        </div>
      ) : null}
      {planError ? (
        <Alert
          variant="danger"
          isInline
          title={`The plan could not be made: ${planError}`}
          actionLinks={
            <Button variant="link" isInline onClick={() => void planRetry(planFor)}>
              Try again
            </Button>
          }
          data-testid="retry-plan-error"
        />
      ) : null}
      {step === 'plan' && plan ? <PlanTables plan={plan} /> : null}
      {step === 'confirm' && plan ? <ConfirmStep plan={plan} /> : null}
      {startError ? <Alert variant="danger" isInline title={`The run did not start: ${startError}`} data-testid="retry-start-error" /> : null}
    </Modal>
  );
}
