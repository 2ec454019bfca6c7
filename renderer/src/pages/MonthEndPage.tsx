// The Month-end screen: pick a month, load 3scale's invoices and what Stripe did about them,
// read the totals per currency, the payouts, the charts and every mismatch list; export the CSV
// or the PDF report (printed from this page with month-end.css's print rules); close the month.
import {
  Alert,
  Button,
  Flex,
  FlexItem,
  FormSelect,
  FormSelectOption,
  PageSection,
  Progress,
  Stack,
  StackItem,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useEffect } from 'react';
import type { MismatchKind, MonthEndView } from '../../../common/ipc-contract';
import { confirm } from '../stores/confirm-store';
import { useMonthEndStore } from '../stores/month-end-store';
import { MonthEndChartsView } from './month-end/MonthEndCharts';
import { ClosedMonthChanges, MismatchList, PayoutsTable, TotalsTable, UnmatchedList } from './month-end/MonthEndTables';
import { monthName } from './month-end/money';
import { MISMATCH_TITLES } from './month-end/words';
import './month-end/month-end.css';

/** Rows of each list on screen; the printed report has them all (up to this many). */
const SCREEN_ROWS = 25;
const PRINT_ROWS = 2000;
const MISMATCH_KINDS = Object.keys(MISMATCH_TITLES) as MismatchKind[];

/** The last 24 months, newest first, with the closed ones marked. */
function monthChoices(closed: readonly string[], now = new Date()): { value: string; label: string }[] {
  return Array.from({ length: 24 }, (_, i) => {
    const value = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7);
    return { value, label: `${monthName(value)}${closed.includes(value) ? ' (closed)' : ''}` };
  });
}

const STAGES: Record<NonNullable<MonthEndView['progress']>['stage'], string> = {
  invoices: 'Reading the month’s invoices from 3scale',
  transactions: 'Reading 3scale’s payment transactions',
  payments: 'Reading Stripe’s payments, refunds, disputes and payouts',
  balance: 'Reading Stripe’s balance transactions',
  payouts: 'Reading what each payout carried',
};

function progressLabel(progress: NonNullable<MonthEndView['progress']>): string {
  const count = progress.total !== null ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : progress.done.toLocaleString();
  return `${count} · ${progress.requests.toLocaleString()} requests`;
}

export function MonthEndPage() {
  const view = useMonthEndStore((s) => s.view);
  const month = useMonthEndStore((s) => s.month);
  const printing = useMonthEndStore((s) => s.printing);
  const { refresh, setMonth, load, cancel, closeMonth, exportCsv, exportPdf } = useMonthEndStore.getState();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!view) return null;
  const loading = view.status === 'loading';
  const report = view.report;
  const shownMonth = report?.month ?? month;
  const rows = printing ? PRINT_ROWS : SCREEN_ROWS;
  const askClose = async () => {
    if (!report) return;
    const replacing = view.closed ? `, replacing the closing of ${new Date(view.closed.closedAt).toLocaleString('en')}` : '';
    const yes = await confirm(
      `The figures of ${monthName(report.month)} in ${report.mode} mode as loaded now are kept${replacing}. Opening the month later shows what changed in 3scale or Stripe since. Nothing is changed in 3scale or Stripe.`,
      { title: `Close ${monthName(report.month)}?` },
    );
    if (yes) await closeMonth();
  };

  return (
    <div className={`month-end${printing ? ' month-end-printing' : ''}`} data-testid="month-end">
      <PageSection variant="light" className="page-header month-end-screen-only">
        <Title headingLevel="h1">Month-end</Title>
        <p className="page-subtitle">
          3scale’s invoices of a month reconciled with Stripe’s payments, fees, refunds, disputes and payouts ({view.mode} mode): what was invoiced, collected,
          kept in fees and paid out, and every invoice the two disagree about.
        </p>
      </PageSection>
      <PageSection>
        <Stack hasGutter>
          <StackItem className="month-end-screen-only">
            <Toolbar>
              <ToolbarContent>
                <ToolbarItem variant="label" alignSelf="center">
                  <label htmlFor="month-end-month">Month</label>
                </ToolbarItem>
                <ToolbarItem>
                  <FormSelect id="month-end-month" className="month-end-month" value={month} onChange={(_e, value) => setMonth(value)} aria-label="Month" isDisabled={loading}>
                      {monthChoices(view.closedMonths).map((choice) => (
                        <FormSelectOption key={choice.value} value={choice.value} label={choice.label} />
                      ))}
                  </FormSelect>
                </ToolbarItem>
                <ToolbarItem alignSelf="center">
                  <Button variant="primary" onClick={() => void load()} isDisabled={loading}>
                    {report && report.month === month ? 'Reload' : 'Load month'}
                  </Button>
                </ToolbarItem>
                <ToolbarItem alignSelf="center">
                  <Button variant="secondary" onClick={() => void exportCsv()} isDisabled={!report || loading}>
                    Export CSV
                  </Button>
                </ToolbarItem>
                <ToolbarItem alignSelf="center">
                  <Button variant="secondary" onClick={() => void exportPdf()} isDisabled={!report || loading} isLoading={printing}>
                    Export PDF
                  </Button>
                </ToolbarItem>
                <ToolbarItem alignSelf="center">
                  <Button variant="secondary" onClick={() => void askClose()} isDisabled={!report || loading}>
                    Close month
                  </Button>
                </ToolbarItem>
              </ToolbarContent>
            </Toolbar>
          </StackItem>
          {loading && view.progress ? (
            <StackItem className="month-end-screen-only">
              <Flex alignItems={{ default: 'alignItemsCenter' }}>
                <FlexItem grow={{ default: 'grow' }}>
                  <Progress
                    data-testid="month-end-progress"
                    title={STAGES[view.progress.stage]}
                    value={view.progress.total ? (view.progress.done / view.progress.total) * 100 : undefined}
                    label={progressLabel(view.progress)}
                    aria-label={`Loading ${monthName(month)}`}
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
              <Alert variant="danger" isInline title={`${monthName(month)} could not be loaded`} data-testid="month-end-error">
                {view.error}
              </Alert>
            </StackItem>
          ) : null}
          {view.status === 'cancelled' ? (
            <StackItem>
              <Alert variant="info" isInline title="The load was cancelled." />
            </StackItem>
          ) : null}
          {!report ? (
            !loading ? (
              <StackItem>
                <p>Pick a month and load it: Billing Desk reads its invoices from 3scale and what Stripe did about them.</p>
              </StackItem>
            ) : null
          ) : (
            <>
              <StackItem className="month-end-report-head">
                <Title headingLevel="h2" data-testid="month-end-title">
                  Month-end report{report.provider ? ` — ${report.provider}` : ''} — {monthName(shownMonth)}
                </Title>
                <p className="month-end-meta">
                  <span className={`month-end-mode month-end-mode-${report.mode}`}>{report.mode === 'live' ? 'Live mode' : 'Test mode'}</span> ·{' '}
                  {report.rows.length.toLocaleString()} invoices of {monthName(report.month)}
                  {report.paymentsMonth !== report.month ? `, charged in ${monthName(report.paymentsMonth)} (postpaid)` : ''} · loaded{' '}
                  {new Date(report.loadedAt).toLocaleString('en')}
                </p>
              </StackItem>
              {view.closed ? (
                <StackItem>
                  <ClosedMonthChanges diff={view.closed.diff} report={report} />
                </StackItem>
              ) : null}
              <StackItem>
                <Title headingLevel="h2" size="lg">
                  Totals per currency
                </Title>
                <TotalsTable totals={report.totals} />
              </StackItem>
              <StackItem>
                <Title headingLevel="h2" size="lg">
                  Payouts
                </Title>
                <PayoutsTable payouts={report.payouts} />
              </StackItem>
              <StackItem className="month-end-keep">
                <Title headingLevel="h2" size="lg">
                  Charts
                </Title>
                <MonthEndChartsView charts={report.charts} paymentsMonth={report.paymentsMonth} />
              </StackItem>
              <StackItem>
                <Title headingLevel="h2" size="lg">
                  What does not match
                </Title>
                {MISMATCH_KINDS.map((kind) => (
                  <MismatchList key={kind} kind={kind} items={report.mismatches[kind]} limit={rows} />
                ))}
                <UnmatchedList items={report.unmatchedPayments} limit={rows} />
              </StackItem>
            </>
          )}
        </Stack>
      </PageSection>
    </div>
  );
}
