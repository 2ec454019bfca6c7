// A stand-in for the preload bridge (window.billingDesk) for the renderer's store tests:
// each test gives the answers of the methods it expects; every call is recorded, and a
// call nobody expected is recorded as such (and rejected), so a test can fail on it.
import type { BillingDeskApi, ConnectivityView, DraftView, IpcResult, SettingsView } from '../../common/ipc-contract';

export type BridgeMethod = keyof BillingDeskApi;
export type BridgeHandlers = { [M in BridgeMethod]?: BillingDeskApi[M] };

export interface FakeBridge {
  api: BillingDeskApi;
  calls: { method: BridgeMethod; args: unknown[] }[];
  /** The arguments of every call of one method, in order. */
  argsOf(method: BridgeMethod): unknown[][];
  /** Methods called without a handler. */
  unexpected: string[];
  /** Replaces or adds handlers. */
  answer(handlers: BridgeHandlers): void;
}

export function fakeBridge(handlers: BridgeHandlers = {}): FakeBridge {
  const current: BridgeHandlers = { ...handlers };
  const calls: FakeBridge['calls'] = [];
  const unexpected: string[] = [];
  const api = new Proxy({} as BillingDeskApi, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      return (...args: unknown[]) => {
        calls.push({ method: name as BridgeMethod, args });
        const handler = current[name as BridgeMethod] as ((...a: unknown[]) => unknown) | undefined;
        if (!handler) {
          unexpected.push(name);
          return Promise.reject(new Error(`unexpected bridge call: ${name}`));
        }
        return handler(...args);
      };
    },
  });
  return {
    api,
    calls,
    argsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
    unexpected,
    answer: (more) => Object.assign(current, more),
  };
}

export const ok = <T>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });

export const failure = (code: Extract<IpcResult<never>, { ok: false }>['error']['code'], message: string, fieldErrors?: Record<string, string>) =>
  Promise.resolve({ ok: false as const, error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } });

/** A promise resolved from outside, to hold a request open. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The view main gives of fresh settings, with changes. */
export function settingsView(change: (view: SettingsView) => void = () => undefined): SettingsView {
  const blankKeySet = { publishableKey: '', maskedSecretKey: null, maskedWebhookSecret: null, complete: false, verification: null };
  const view: SettingsView = {
    revision: 1,
    provider: { accountId: '', name: '' },
    billingMode: 'postpaid',
    billing: { chargingEnabled: false, currency: 'USD', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'monthly' },
    gateway: { type: null, values: {}, maskedSecrets: {}, configured: false },
    stripe: {
      activeMode: 'test',
      keySets: { test: { ...blankKeySet }, live: { ...blankKeySet } },
      webhook: { adminDomain: '', maskedAccessToken: null, endpointIds: { test: null, live: null } },
    },
    keychain: { backend: 'os', name: 'test keychain' },
    storeNotice: null,
  };
  change(view);
  return view;
}

/** A draft as main answers it. */
export function draftView(change: Partial<DraftView> = {}): DraftView {
  return { updatedAt: '2026-01-02T10:00:00.000Z', form: {}, draftSecretMasks: {}, differences: [], conflicts: [], needsStripe: false, ...change };
}

/**
 * main's answer to the start's one request (getFirstPage), made of the answers a test
 * gives for its parts — as main reads them together: the settings' failure fails it, a
 * draft that cannot be read is left out.
 */
export function firstPageFrom(parts: BridgeHandlers): BillingDeskApi['getFirstPage'] {
  return async () => {
    if (!parts.getSettings) throw new Error('firstPageFrom: no getSettings answer given');
    const settings = await parts.getSettings();
    if (!settings.ok) return settings;
    const draft = parts.getDraft ? await parts.getDraft() : null;
    const connectivity = parts.getConnectivity ? await parts.getConnectivity() : null;
    const unknown: ConnectivityView = { online: null, checkedAt: null, detail: null };
    return {
      ok: true,
      value: {
        settings: settings.value,
        draft: draft?.ok ? draft.value : null,
        connectivity: connectivity?.ok ? connectivity.value : unknown,
      },
    };
  };
}
