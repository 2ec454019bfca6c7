// The Month-end channels over a seeded month in both test servers: load with progress events,
// CSV and PDF through the save dialog, "Close month" kept on disk (atomic file) and the diff
// once 3scale or Stripe changed; a month loaded in another mode is not shown; bad setup is
// a clear error; a damaged closing file is reported, not taken for "not closed".
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthEndLoadState, MonthEndView } from '../../../../common/contract/month-end';
import type { StripeMode } from '../../../../common/stripe-keys';
import type { NativeShell } from '../../../../main/native-shell';
import { ClosedMonthsStore } from '../../../../main/month-end/closed-months-store';
import { createMonthEndScreen, monthEndChannels } from '../../../../main/month-end/month-end-channels';
import { seedMonthEndWorld, type MonthEndWorld } from '../../../support/month-end-fixtures';
import { THREESCALE_PROVIDER } from '../../../support/threescale-fixtures';
import { startFakeStripe, type FakeStripe } from '../../../stripe-server/server';
import { startFakeThreescale, type FakeThreescale } from '../../../threescale-server/server';

const KEY = 'sk_test_51FakeMonthEndChannels000000000001';
const TOKEN = 'tok-month-end-channels-0001';
const MONTH = '2026-09';

let stripe: FakeStripe;
let threescale: FakeThreescale;
let world: MonthEndWorld;

beforeAll(async () => {
  stripe = await startFakeStripe({ keys: [{ secret: KEY }] });
  threescale = await startFakeThreescale({ provider: THREESCALE_PROVIDER, tokens: [{ value: TOKEN, scopes: ['finance', 'account_management'] }] });
  world = seedMonthEndWorld(threescale, stripe, { month: MONTH, invoices: 300, currencies: ['EUR'], payouts: 'weekly', seed: 3 });
}, 60_000);

afterAll(async () => {
  await threescale.stop();
  await stripe.stop();
});

function setup(options: { mode?: () => StripeMode; key?: string | null } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'month-end-'));
  const saved: { name: string; content: string | Uint8Array; kind: string | undefined }[] = [];
  const native: NativeShell = {
    openFile: async () => null,
    saveFile: async (_title, name, content, kind) => {
      saved.push({ name, content, kind });
      return `/saved/${name}`;
    },
    printToPdf: async () => new TextEncoder().encode('%PDF-1.7 printed'),
    writeClipboard: () => undefined,
    openExternal: async () => undefined,
  };
  const events: MonthEndLoadState[] = [];
  const mode = options.mode ?? (() => 'test' as const);
  const screen = createMonthEndScreen({
    connection: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
    activeKey: () => (options.key === null ? null : { mode: mode(), secretKey: options.key ?? KEY }),
    activeMode: mode,
    threescale: () => ({ adminDomain: THREESCALE_PROVIDER.adminDomain, accessToken: TOKEN }),
    threescaleBaseUrl: threescale.url,
    dataDir,
    tuning: { threescaleRequestsPerSecond: 200, stripeRequestsPerSecond: 200, timeoutMs: 5000 },
    now: () => new Date('2026-10-05T09:00:00Z'),
    onLoadChange: (state) => events.push(state),
  });
  return { channels: monthEndChannels(screen, native), saved, events, dataDir };
}

async function loaded(channels: ReturnType<typeof setup>['channels']): Promise<MonthEndView> {
  const started = channels['month-end:load']({ month: MONTH }) as MonthEndView;
  expect(started.status).toBe('loading');
  for (let i = 0; i < 1000; i += 1) {
    const view = channels['month-end:get'](null) as MonthEndView;
    if (view.status !== 'loading') return view;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the load did not end');
}

describe('the Month-end channels', { timeout: 60_000 }, () => {
  it('loads the month with progress events, exports CSV and PDF, closes it, and shows what changed since', async () => {
    const { channels, saved, events, dataDir } = setup();
    expect(await channels['month-end:export-csv'](null)).toBeNull(); // nothing loaded yet
    const view = await loaded(channels);
    expect(view.status).toBe('done');
    expect(view.report?.rows).toHaveLength(300);
    expect(view.report?.mismatches.paid_without_stripe_payment.map((m) => m.invoiceId)).toEqual(world.expectedMismatches.paid_without_stripe_payment);
    expect(view.closed).toBeNull();
    expect(events[0]?.status).toBe('loading');
    expect(events.at(-1)?.status).toBe('done');
    expect(events.some((e) => e.progress?.stage === 'payouts')).toBe(true);

    await expect(channels['month-end:export-csv'](null)).resolves.toEqual({ savedTo: `/saved/month-end-${MONTH}-test.csv` });
    expect(saved[0]?.kind).toBe('csv');
    expect(String(saved[0]?.content).split('\r\n')).toHaveLength(300 + 2);
    await expect(channels['month-end:export-pdf'](null)).resolves.toEqual({ savedTo: `/saved/month-end-${MONTH}-test.pdf` });
    expect(saved[1]?.kind).toBe('pdf');
    expect(new TextDecoder().decode(saved[1]?.content as Uint8Array)).toBe('%PDF-1.7 printed');

    const closed = channels['month-end:close'](null) as MonthEndView;
    expect(closed.closed?.diff.unchanged).toBe(true);
    expect(closed.closedMonths).toEqual([MONTH]);
    expect(readdirSync(dataDir)).toEqual([`test-${MONTH}.json`]); // no temporary file left

    // A fresh screen (the app restarted) over the same folder: the month is still closed, and unchanged.
    const again = setup();
    const kept = new ClosedMonthsStore(dataDir).read('test', MONTH);
    expect(kept?.report.rows).toHaveLength(300);
    writeFileSync(path.join(again.dataDir, `test-${MONTH}.json`), JSON.stringify(kept));
    expect((await loaded(again.channels)).closed?.diff.unchanged).toBe(true);

    // 3scale marks an invoice paid by hand as cancelled after the closing: the diff says so.
    const handPaid = world.expectedMismatches.paid_without_stripe_payment[0] ?? 0;
    const record = threescale.world.invoices.get(handPaid);
    if (!record) throw new Error('no invoice paid by hand');
    record.state = 'cancelled';
    try {
      const changed = await loaded(again.channels);
      const diff = changed.closed?.diff;
      expect(diff?.unchanged).toBe(false);
      expect(diff?.invoicesChanged.find((i) => i.invoiceId === handPaid)?.changes).toContainEqual({ field: 'state', before: 'paid', after: 'cancelled' });
      expect(diff?.mismatchCounts).toContainEqual({
        kind: 'paid_without_stripe_payment',
        before: world.expectedMismatches.paid_without_stripe_payment.length,
        after: world.expectedMismatches.paid_without_stripe_payment.length - 1,
      });
    } finally {
      record.state = 'paid';
    }
  });

  it('shows no report of another mode, and refuses to close without one', async () => {
    let mode: StripeMode = 'test';
    const { channels } = setup({ mode: () => mode });
    await loaded(channels);
    mode = 'live';
    const view = channels['month-end:get'](null) as MonthEndView;
    expect(view.report).toBeNull();
    expect(view.mode).toBe('live');
    expect(() => channels['month-end:close'](null)).toThrow('Load the month before closing it.');
  });

  it('says what to set up first when the Stripe keys are missing', () => {
    const { channels } = setup({ key: null });
    expect(() => channels['month-end:load']({ month: MONTH })).toThrow('Save the Stripe keys of the active mode first');
  });

  it('reports a damaged closing instead of treating the month as not closed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'month-end-bad-'));
    writeFileSync(path.join(dir, `test-${MONTH}.json`), '{"month":');
    const store = new ClosedMonthsStore(dir);
    expect(() => store.read('test', MONTH)).toThrow('is damaged');
    expect(store.months('test')).toEqual([MONTH]);
    expect(store.months('live')).toEqual([]);
  });
});
