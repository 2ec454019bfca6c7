import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_CHANNELS, type IpcChannel } from '../../../common/ipc-contract';
import { PAYLOAD_SCHEMAS } from '../../../main/ipc/payload-schemas';
import { createBridge, type Invoke, type Subscribe } from '../../../preload/bridge';

function recordingBridge() {
  const calls: [string, unknown][] = [];
  const invoke: Invoke = vi.fn(async (channel: string, json: string) => {
    expect(typeof json).toBe('string');
    calls.push([channel, JSON.parse(json)]);
    return { ok: true as const, value: null };
  });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe: Subscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const push = (event: string, payload: unknown, ...extra: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) (listener as (...args: unknown[]) => void)(payload, ...extra);
  };
  return { api: createBridge(invoke, subscribe), calls, push, listeners };
}

describe('the preload bridge built from the contract', () => {
  it('has exactly one method per channel and `on`, and is frozen', () => {
    const { api } = recordingBridge();
    expect(Object.keys(api).sort()).toEqual([...IPC_CHANNELS.map((c) => CHANNELS[c].method), 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method’s arguments as its channel’s payload', async () => {
    const { api, calls } = recordingBridge();
    await api.getSettings();
    await api.switchBillingMode('prepaid');
    await api.saveDraft({ 'billing.currency': 'EUR' });
    await api.fixTemplate('source', 'show.liquid');
    await api.openCustomerInDashboard('cus_123456');
    expect(calls).toEqual([
      ['settings:get', null],
      ['billing-mode:switch', { to: 'prepaid' }],
      ['draft:save', { form: { 'billing.currency': 'EUR' } }],
      ['template:fix', { source: 'source', fileName: 'show.liquid' }],
      ['customers:open-dashboard', { customerId: 'cus_123456' }],
    ]);
  });

  it('answers a payload that cannot be written as JSON as data, without sending it', async () => {
    const { api, calls } = recordingBridge();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const result = await (api.saveDraft as (form: unknown) => Promise<unknown>)(cyclic);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls).toEqual([]);
  });

  it('builds payloads the schemas of main accept', async () => {
    const { api, calls } = recordingBridge();
    await api.saveBilling({ chargingEnabled: true, currency: 'USD', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'yearly' });
    await api.resolveDraftConflicts({ 'billing.currency': 'saved' });
    await api.previewTemplate('x', true);
    await api.copyText('text');
    await api.listFinanceLog();
    for (const [channel, payload] of calls) {
      expect(PAYLOAD_SCHEMAS[channel as IpcChannel].safeParse(payload).success, channel).toBe(true);
    }
  });
});

describe('events through the bridge', () => {
  it('delivers the payload of a contract event to its listeners until they unsubscribe', () => {
    const { api, push, listeners } = recordingBridge();
    const seen: unknown[] = [];
    const stop = api.on('connectivity:changed', (view) => seen.push(view));
    push('connectivity:changed', { online: false, checkedAt: null, detail: 'x' }, { sender: 'ipcRenderer' });
    push('customers:load-progress', { status: 'loading' });
    stop();
    stop(); // twice is harmless
    push('connectivity:changed', { online: true, checkedAt: null, detail: null });
    expect(seen).toEqual([{ online: false, checkedAt: null, detail: 'x' }]);
    expect(listeners.get('connectivity:changed')?.size).toBe(0);
  });

  it('passes the payload alone, never what the transport adds', () => {
    const { api, push } = recordingBridge();
    const args: unknown[][] = [];
    api.on('customers:load-progress', (...received: unknown[]) => args.push(received));
    push('customers:load-progress', { status: 'done' }, { sender: 'ipcRenderer' });
    expect(args).toEqual([[{ status: 'done' }]]);
  });

  it('refuses names outside the contract and listeners that are not functions', () => {
    const { api } = recordingBridge();
    const on = api.on as (event: unknown, listener: unknown) => unknown;
    for (const name of ['electron-store-get-data', '__proto__', 'connectivity:CHANGED', 42, undefined]) {
      expect(() => on(name, () => undefined), String(name)).toThrow(/Unknown event/);
    }
    expect(() => on('connectivity:changed', 'alert(1)')).toThrow(/function/);
  });
});
