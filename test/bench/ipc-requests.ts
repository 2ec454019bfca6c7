// Main's requests and the event loop: every request the app makes in a working session
// (load, draft, saves, verify against the local Stripe-compatible server, the template
// checks), then hostile payloads sent to every channel of the contract (a record with
// very many keys, a long string, deep nesting), each through the one dispatch path
// (sender check, payload schema, handler) in this process. Prints, per request, the
// longest time main's thread ran it without yielding: while it runs, main serves no other
// request or event. Figures only. `--quick`: one session, smaller hostile payloads.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { flattenForm } from '../../common/draft-form';
import { IPC_CHANNELS, type IpcChannel, type IpcRequest, type SettingsView } from '../../common/ipc-contract';
import { createAppCore } from '../../main/app-core';
import { dispatch } from '../../main/ipc/dispatch';
import { memoryDraftStore } from '../../main/persistence/draft-file';
import { startFakeStripe } from '../stripe-server/server';
import { memoryCustomersCache } from '../support/memory-customers-cache';
import { memoryStore } from '../support/memory-store';
import { createTestEncryptor } from '../support/test-encryptor';
import { testNativeShell } from '../support/test-native-shell';
import { benchCheck, sized } from './support/bench-options';
import { EventLoopLagMonitor, formatLagReport, type LagReport } from './support/event-loop-lag';
import { returningUserSettings } from './support/returning-user';

const SESSIONS = sized(10, 1);
const HOSTILE_KEYS = sized(1_000_000, 100_000);
const ORIGIN = 'app://billing-desk';
const SENDER = `${ORIGIN}/index.html`;
const TEST_SECRET = 'sk_test_FAKEFAKEFAKEFAKE0000004242';
const TEMPLATE = readFileSync(path.resolve('test/templates/default.liquid'), 'utf8');

/** JSON text sent as it is. */
class JsonText {
  constructor(readonly text: string) {}
}

/** A payload as the bridge puts it on the wire: JSON text, which main measures before parsing. */
function asSent(payload: unknown): string {
  if (payload instanceof JsonText) return payload.text;
  return JSON.stringify(payload ?? null);
}

function hostilePayloads(): { name: string; payload: unknown }[] {
  const manyKeys: Record<string, string> = {};
  for (let i = 0; i < HOSTILE_KEYS; i += 1) manyKeys[`k${i}`] = 'x';
  // Written as text: JSON.stringify itself cannot go 10,000 deep, but a hostile renderer can send such text.
  const deep = `${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`;
  return [
    { name: `record of ${HOSTILE_KEYS.toLocaleString('en')} keys`, payload: manyKeys },
    { name: 'same keys as the form', payload: { form: manyKeys, choices: manyKeys, values: manyKeys } },
    { name: '4 MB string', payload: { source: 'x'.repeat(4 * 1024 * 1024), text: 'x'.repeat(4 * 1024 * 1024) } },
    { name: 'nested 10,000 deep', payload: new JsonText(deep) },
  ];
}

function printReport(title: string, report: LagReport): void {
  console.log(title);
  for (const line of formatLagReport(report, { perChannel: true })) console.log(line);
}

async function main(): Promise<void> {
  const fake = await startFakeStripe({ keys: [{ secret: TEST_SECRET }] });
  const encryptor = createTestEncryptor();
  const core = createAppCore({
    store: memoryStore(returningUserSettings(encryptor)),
    drafts: memoryDraftStore(),
    native: testNativeShell({}),
    customersCache: memoryCustomersCache(),
    encryptor,
    osUser: os.userInfo().username,
    allowedOrigins: [ORIGIN],
    stripeApiBase: fake.url,
  });
  let failures = 0;
  const lag = new EventLoopLagMonitor();
  const send = async <C extends IpcChannel>(channel: C, payload: IpcRequest<C>, label: string = channel): Promise<unknown> => {
    const json = asSent(payload); // the renderer's work, not main's
    const result = await lag.track(label, () => dispatch(core.dispatchOptions, channel, json, SENDER));
    if (!result.ok) {
      failures += 1;
      console.error(`  ${label} failed: ${result.error.code} ${result.error.message}`);
    }
    return result.ok ? result.value : null;
  };

  try {
    // A working session: what the renderer asks at start, then a day's edits.
    lag.start();
    for (let session = 0; session < SESSIONS; session += 1) {
      const view = (await send('settings:get', null)) as SettingsView;
      await send('draft:get', null);
      await send('connectivity:get', null);
      const form = flattenForm({
        billing: { ...view.billing, invoiceFootnote: `Session ${session}` },
        gatewayType: 'stripe',
        gatewayValues: {} as Parameters<typeof flattenForm>[0]['gatewayValues'],
        stripeKeys: { test: { login: '', publishable_key: view.stripe.keySets.test.publishableKey, endpoint_secret: '' }, live: { login: '', publishable_key: '', endpoint_secret: '' } },
        webhook: { adminDomain: view.stripe.webhook.adminDomain, accessToken: '' },
        provider: view.provider,
      });
      await send('draft:save', { form });
      await send('billing:save', { ...view.billing, invoiceFootnote: `Session ${session}` });
      await send('provider:save', { accountId: '2445582535751', name: `Provider ${session}` });
      await send('stripe:verify', { mode: 'test', keys: { login: '', publishable_key: view.stripe.keySets.test.publishableKey, endpoint_secret: '' } });
      await send('finance-log:list', null);
      await send('template:check', { source: TEMPLATE });
      await send('template:fix', { source: TEMPLATE, fileName: 'payment_gateway_show.liquid' });
      await send('template:preview', { source: TEMPLATE, hasBillingAddress: true });
      await send('draft:discard', null);
    }
    const typical = lag.stop();
    printReport(`a working session, ${SESSIONS}×:`, typical);
    benchCheck(failures === 0, 'every request of the working session succeeded');

    // Hostile payloads: each must be refused as data, never crash main.
    const hostile = new EventLoopLagMonitor();
    const payloads = hostilePayloads();
    hostile.start();
    for (const { name, payload } of payloads) {
      const json = asSent(payload); // the renderer's work, not main's
      let worst = { channel: '', ms: 0 };
      for (const channel of IPC_CHANNELS) {
        const started = performance.now();
        const result = await hostile.track(`${name} → ${channel}`, () => dispatch(core.dispatchOptions, channel, json, SENDER));
        const ms = performance.now() - started;
        if (ms > worst.ms) worst = { channel, ms };
        benchCheck(!result.ok, `${channel} refused a ${name}`);
      }
      console.log(`hostile ${name}: slowest refusal ${worst.ms.toFixed(1)} ms (${worst.channel})`);
    }
    const hostileReport = hostile.stop();
    const top = [...hostileReport.channels].sort((a, b) => b[1].longestSliceMs - a[1].longestSliceMs).slice(0, 5);
    console.log('hostile payloads, the 5 longest blocks of main:');
    for (const [label, { longestSliceMs }] of top) console.log(`  ${label.padEnd(60)} ${longestSliceMs.toFixed(1)} ms`);
    console.log(`worst event-loop lag of main's handlers on hostile payloads: ${hostileReport.worst?.ms.toFixed(1)} ms (${hostileReport.worst?.channel})`);
    console.log(`worst event-loop lag of main's handlers in a working session: ${typical.worst?.ms.toFixed(1)} ms (${typical.worst?.channel})`);
  } finally {
    core.connectivity.stop();
    await fake.stop();
  }
}

await main();
// Main's services leave timers and sockets of their own (retries, keep-alive) that the app's
// quit would close; a finished benchmark must not wait on them.
process.exit(process.exitCode ?? 0);
