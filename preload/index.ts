// The bridge between the sandboxed renderer and main: one frozen API object, never
// ipcRenderer itself, never a generic invoke.

import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../common/ipc-contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  createBridge((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
