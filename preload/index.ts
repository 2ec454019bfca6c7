// The bridge between the sandboxed renderer and main: one frozen API object, never
// ipcRenderer itself, never a generic invoke. Event listeners get the payload only,
// never Electron's event object (whose `sender` is ipcRenderer).

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL } from '../common/ipc-contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  createBridge(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (event, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => {
        ipcRenderer.removeListener(event, forward);
      };
    },
  ),
);
