// Events main pushes to the renderer (the contract's EVENTS): features `send`, the
// shell subscribes where they go — the window's webContents in Electron, the page in
// the Chromium test harness.

import type { IpcEvent, IpcEventPayload } from '../../common/ipc-contract';

export type SendEvent = <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
export type EventSink = (event: IpcEvent, payload: unknown) => void;

export interface EventHub {
  send: SendEvent;
  /** Delivers every later event to `sink`; returns the function that stops it. */
  subscribe(sink: EventSink): () => void;
}

export function createEventHub(logError?: (text: string) => void): EventHub {
  const sinks = new Set<EventSink>();
  return {
    send: (event, payload) => {
      for (const sink of sinks) {
        try {
          sink(event, payload);
        } catch (error) {
          // A closed window must not break the feature that sent the event.
          logError?.(`[event ${event}] ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
    subscribe: (sink) => {
      sinks.add(sink);
      return () => {
        sinks.delete(sink);
      };
    },
  };
}
