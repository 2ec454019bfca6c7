// Builds the renderer's API from the contract: one method per channel, each turning its
// arguments into the channel's payload, and `on(event, listener)` for what main pushes.
// Shared by the Electron preload (over ipcRenderer) and the Chromium test harness (over
// a Playwright binding), so both backends expose the same frozen object.

import {
  CHANNELS,
  IPC_CHANNELS,
  isIpcEvent,
  type BillingDeskApi,
  type IpcChannel,
  type IpcEvent,
  type IpcResult,
} from '../common/ipc-contract';

/** Sends a request: the payload as JSON text, which main measures before it parses it. */
export type Invoke = (channel: IpcChannel, payloadJson: string) => Promise<IpcResult<unknown>>;
/** Calls `listener` with each payload of `event`; returns the function that stops it. */
export type Subscribe = (event: IpcEvent, listener: (payload: unknown) => void) => () => void;

export function createBridge(invoke: Invoke, subscribe: Subscribe): BillingDeskApi {
  const api: Record<string, unknown> = {};
  for (const name of IPC_CHANNELS) {
    const { method, encode } = CHANNELS[name];
    api[method] = async (...args: unknown[]) => {
      let json: string;
      try {
        json = JSON.stringify(encode(args)) ?? 'null';
      } catch {
        return { ok: false, error: { code: 'invalid_input', message: 'The request could not be sent (it cannot be written as JSON).' } };
      }
      return invoke(name, json);
    };
  }
  api.on = (event: unknown, listener: unknown) => {
    // Only the contract's events, only a function: the page gets the payload and nothing else.
    if (!isIpcEvent(event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 60)}`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    let stop: (() => void) | null = subscribe(event, (payload) => listener(payload));
    return () => {
      stop?.();
      stop = null;
    };
  };
  // The one cast: the code above builds, member by member, what BillingDeskApi describes.
  return Object.freeze(api) as unknown as BillingDeskApi;
}
