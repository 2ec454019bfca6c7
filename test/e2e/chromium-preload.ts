// The Chromium backend's preload: the same bridge as preload/index.ts, over the
// Playwright binding that the harness connects to main's dispatch. Events main sends
// arrive through __billingDeskPush, which the harness calls in the page.
import { BRIDGE_GLOBAL, type IpcChannel, type IpcResult } from '../../common/ipc-contract';
import { createBridge } from '../../preload/bridge';

type Binding = (channel: IpcChannel, payload: unknown) => Promise<IpcResult<unknown>>;
const scope = window as unknown as Record<string, unknown>;
const binding = scope.__billingDeskIpc as Binding;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

Object.defineProperty(window, '__billingDeskPush', {
  value: (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  },
});

scope[BRIDGE_GLOBAL] = createBridge(
  (channel, payload) => binding(channel, payload),
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
);
