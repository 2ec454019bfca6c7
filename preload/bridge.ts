// Builds the renderer's API from the contract: one method per channel, each turning its
// arguments into the channel's payload. Shared by the Electron preload (over
// ipcRenderer.invoke) and the Chromium test harness (over a Playwright binding), so both
// backends expose the same frozen object.

import { CHANNELS, IPC_CHANNELS, type BillingDeskApi, type IpcChannel, type IpcResult } from '../common/ipc-contract';

export type Invoke = (channel: IpcChannel, payload: unknown) => Promise<IpcResult<unknown>>;

export function createBridge(invoke: Invoke): BillingDeskApi {
  const api: Record<string, (...args: unknown[]) => Promise<IpcResult<unknown>>> = {};
  for (const name of IPC_CHANNELS) {
    const { method, encode } = CHANNELS[name];
    api[method] = (...args) => invoke(name, encode(args));
  }
  // The one cast: the loop above builds, method by method, what BillingDeskApi describes.
  return Object.freeze(api) as unknown as BillingDeskApi;
}
