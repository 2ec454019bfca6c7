// "Retry failed charges" in the renderer, against a fake bridge: plan → confirmation (in
// live mode the typed count) → run followed through main's events, pause, resume, cancel
// (after a confirmation), export; an interrupted run is offered at open; every failure is
// kept next to its step without losing the plan or what was typed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '../../../../../common/ipc-contract';
import { deferred, failure, fakeBridge, ok, type BridgeHandlers, type FakeBridge } from '../../../../support/fake-bridge';
import { plan, runView, view } from '../../../../support/invoice-views';

let bridge: FakeBridge | null = null;

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.unstubAllGlobals();
  expect(bridge?.unexpected ?? []).toEqual([]);
  bridge = null;
});

type Listener = (payload: unknown) => void;

async function openRuns(handlers: BridgeHandlers) {
  const listeners = new Map<string, Listener>();
  const on = ((event: string, listener: Listener) => {
    listeners.set(event, listener);
    return () => listeners.delete(event);
  }) as NonNullable<BridgeHandlers['on']>;
  bridge = fakeBridge({
    on,
    getRetryRun: () => ok(null),
    getInvoices: () => ok(view()),
    loadInvoices: (query) => ok(view({ query: { month: query.month, state: query.state, search: query.search } })),
    ...handlers,
  });
  vi.resetModules();
  vi.stubGlobal('window', { billingDesk: bridge.api });
  const { useRetryRunStore } = await import('../../../../../renderer/src/stores/retry-run-store');
  const { useInvoicesStore } = await import('../../../../../renderer/src/stores/invoices-store');
  const { useConfirmStore } = await import('../../../../../renderer/src/stores/confirm-store');
  await useInvoicesStore.getState().open();
  await useRetryRunStore.getState().open();
  return {
    bridge,
    runs: () => useRetryRunStore.getState(),
    invoices: () => useInvoicesStore.getState(),
    confirmation: () => useConfirmStore.getState(),
    emit: (run: RunView) => listeners.get('invoices:run-progress')?.(run),
  };
}

describe('opening the screen', () => {
  it('offers an interrupted run for resume, and resuming asks main', async () => {
    const interrupted = runView({ status: 'interrupted', counts: { ...runView().counts, paid: 1, pending: 2 } });
    const page = await openRuns({ getRetryRun: () => ok(interrupted), resumeRetryRun: () => ok({ ...interrupted, status: 'running' }) });
    expect(page.runs().run?.status).toBe('interrupted');
    await page.runs().resume();
    expect(page.bridge.argsOf('resumeRetryRun')).toHaveLength(1);
    expect(page.runs().run?.status).toBe('running');
  });

  it('does not bring back a run that ended', async () => {
    const page = await openRuns({ getRetryRun: () => ok(runView({ status: 'done' })) });
    expect(page.runs().run).toBeNull();
  });
});

describe('plan and confirmation', () => {
  it('plans the selection; a failed plan says why and can be asked again for the same invoices', async () => {
    const page = await openRuns({ planRetry: () => failure('stripe_unreachable', 'Stripe did not answer.') });
    page.invoices().setSelection([1, 2]);
    await page.runs().planRetry([1, 2]);
    expect(page.runs()).toMatchObject({ step: 'plan', plan: null, planError: 'Stripe did not answer.', planFor: [1, 2] });
    page.bridge.answer({ planRetry: () => ok(plan()) });
    await page.runs().planRetry(page.runs().planFor);
    expect(page.bridge.argsOf('planRetry')).toEqual([[[1, 2]], [[1, 2]]]);
    expect(page.runs()).toMatchObject({ step: 'plan', planError: null, plan: { planId: 'plan-1' } });
  });

  it('test mode: the confirmation needs no typing, and the run starts with no count', async () => {
    const page = await openRuns({ planRetry: () => ok(plan()), startRetryRun: () => ok(runView()) });
    page.invoices().setSelection([1, 2, 3]);
    await page.runs().planRetry(null);
    page.runs().toConfirm();
    expect(page.runs().step).toBe('confirm');
    expect(page.runs().confirmReady()).toBe(true);
    await page.runs().start();
    expect(page.bridge.argsOf('startRetryRun')).toEqual([[{ planId: 'plan-1', confirmCount: null }]]);
    expect(page.runs()).toMatchObject({ step: 'closed', plan: null, run: { runId: 'run-1' } });
    expect(page.invoices().selected).toEqual([]);
  });

  it('live mode: nothing starts until the count is typed; a refusal keeps the plan and the typing', async () => {
    const page = await openRuns({ planRetry: () => ok(plan({ mode: 'live' })), startRetryRun: () => failure('invalid_input', 'The count does not match the plan.') });
    page.invoices().setSelection([1, 2, 3]);
    await page.runs().planRetry([1, 2, 3]);
    page.runs().toConfirm();
    expect(page.runs().confirmReady()).toBe(false);
    await page.runs().start();
    expect(page.bridge.argsOf('startRetryRun')).toHaveLength(0);
    page.runs().setConfirmText('4');
    expect(page.runs().confirmReady()).toBe(false);
    page.runs().setConfirmText(' 3 ');
    expect(page.runs().confirmReady()).toBe(true);
    await page.runs().start();
    expect(page.bridge.argsOf('startRetryRun')).toEqual([[{ planId: 'plan-1', confirmCount: 3 }]]);
    expect(page.runs()).toMatchObject({ step: 'confirm', starting: false, confirmText: ' 3 ', startError: 'The count does not match the plan.', plan: { planId: 'plan-1' } });
    expect(page.invoices().selected).toEqual([1, 2, 3]);
  });

  it('a plan with nothing to charge cannot be confirmed', async () => {
    const page = await openRuns({ planRetry: () => ok(plan({ include: [], totals: [] })) });
    await page.runs().planRetry(null);
    page.runs().toConfirm();
    expect(page.runs().step).toBe('plan');
    expect(page.runs().confirmReady()).toBe(false);
  });

  it('closing while the plan is being made drops its late answer', async () => {
    const late = deferred<Awaited<ReturnType<NonNullable<BridgeHandlers['planRetry']>>>>();
    const page = await openRuns({ planRetry: () => late.promise });
    const planning = page.runs().planRetry(null);
    page.runs().closePlan();
    late.resolve({ ok: true, value: plan() });
    await planning;
    expect(page.runs()).toMatchObject({ step: 'closed', plan: null });
  });
});

describe('the run', () => {
  async function running(handlers: BridgeHandlers = {}) {
    const page = await openRuns({ planRetry: () => ok(plan()), startRetryRun: () => ok(runView()), ...handlers });
    await page.runs().planRetry(null);
    page.runs().toConfirm();
    await page.runs().start();
    return page;
  }

  it('follows main’s progress, and reads the month again from 3scale and Stripe once the run is done', async () => {
    const page = await running();
    const before = page.bridge.argsOf('loadInvoices').length;
    const progressed = runView({ counts: { total: 3, paid: 1, declined: 1, needsAction: 0, skipped: 0, failed: 0, pending: 1 } });
    page.emit(progressed);
    expect(page.runs().run?.counts).toEqual(progressed.counts);
    expect(page.bridge.argsOf('loadInvoices')).toHaveLength(before);
    page.emit(runView({ status: 'done', counts: { total: 3, paid: 2, declined: 1, needsAction: 0, skipped: 0, failed: 0, pending: 0 } }));
    await vi.waitFor(() => expect(page.bridge.argsOf('loadInvoices')).toHaveLength(before + 1));
    expect(page.bridge.argsOf('loadInvoices')[before]).toEqual([{ month: '2026-01', state: null, search: '', refresh: true }]);
    page.emit(runView({ status: 'done' })); // the same end again reads nothing more
    expect(page.bridge.argsOf('loadInvoices')).toHaveLength(before + 1);
    expect(page.runs().run?.status).toBe('done');
    page.runs().dismissRun();
    expect(page.runs().run).toBeNull();
  });

  it('pause and resume answer with the run as main has it; a refusal is shown by the run', async () => {
    const page = await running({ pauseRetryRun: () => ok(runView({ status: 'paused' })), resumeRetryRun: () => failure('internal', 'The journal could not be written.') });
    await page.runs().pause();
    expect(page.runs().run?.status).toBe('paused');
    page.runs().dismissRun(); // a paused run cannot be closed
    expect(page.runs().run).not.toBeNull();
    await page.runs().resume();
    expect(page.runs()).toMatchObject({ runBusy: false, runError: 'The journal could not be written.', run: { status: 'paused' } });
  });

  it('cancel asks first, and sends nothing when the user says no', async () => {
    const page = await running({ cancelRetryRun: () => ok(runView({ status: 'cancelled' })) });
    const no = page.runs().cancel();
    await vi.waitFor(() => expect(page.confirmation().pending?.text).toContain('3 invoices are not charged yet'));
    page.confirmation().answer(false);
    await no;
    expect(page.bridge.argsOf('cancelRetryRun')).toHaveLength(0);
    const yes = page.runs().cancel();
    await vi.waitFor(() => expect(page.confirmation().pending).not.toBeNull());
    page.confirmation().answer(true);
    await yes;
    expect(page.bridge.argsOf('cancelRetryRun')).toHaveLength(1);
    expect(page.runs().run?.status).toBe('cancelled');
  });

  it('exports the results, and says where; a failed export is shown by the run', async () => {
    const page = await running({ exportRetryRun: () => ok({ savedTo: '/tmp/run.csv' }) });
    await page.runs().exportCsv();
    expect(page.runs().exportedTo).toBe('/tmp/run.csv');
    page.bridge.answer({ exportRetryRun: () => failure('internal', 'The disk is full.') });
    await page.runs().exportCsv();
    expect(page.runs().runError).toBe('The disk is full.');
  });
});
