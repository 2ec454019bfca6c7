// The Chromium backend's preload: the same bridge as preload/index.ts, over the
// Playwright binding that the harness connects to main's dispatch.
import { BRIDGE_GLOBAL, type IpcChannel, type IpcResult } from '../../common/ipc-contract';
import { createBridge } from '../../preload/bridge';

type Binding = (channel: IpcChannel, payload: unknown) => Promise<IpcResult<unknown>>;
const scope = window as unknown as Record<string, unknown>;
const binding = scope.__billingDeskIpc as Binding;
scope[BRIDGE_GLOBAL] = createBridge((channel, payload) => binding(channel, payload));
