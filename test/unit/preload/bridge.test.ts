import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_CHANNELS, type IpcChannel } from '../../../common/ipc-contract';
import { PAYLOAD_SCHEMAS } from '../../../main/ipc/payload-schemas';
import { createBridge, type Invoke } from '../../../preload/bridge';

function recordingBridge() {
  const calls: [string, unknown][] = [];
  const invoke: Invoke = vi.fn(async (channel: string, payload: unknown) => {
    calls.push([channel, payload]);
    return { ok: true as const, value: null };
  });
  return { api: createBridge(invoke), calls };
}

describe('the preload bridge built from the contract', () => {
  it('has exactly one method per channel, and is frozen', () => {
    const { api } = recordingBridge();
    expect(Object.keys(api).sort()).toEqual(IPC_CHANNELS.map((c) => CHANNELS[c].method).sort());
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
