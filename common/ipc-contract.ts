// The one IPC contract. Each feature declares its channels once, in common/contract/
// (the API method, the payload schema main checks, the response type); this file joins
// them, and the renderer's API type, the preload bridge (preload/bridge.ts) and main's
// handler table (main/ipc/handler-table.ts) are all derived from CHANNELS.
//
// Nothing here loads zod: schemas are builders main calls with zod
// (main/ipc/payload-schemas.ts). The renderer imports this module's types only; lint
// enforces it.

import type { z } from 'zod';
import { CONNECTIVITY_CHANNELS, CONNECTIVITY_EVENTS } from './contract/connectivity';
import { CUSTOMERS_CHANNELS, CUSTOMERS_EVENTS } from './contract/customers';
import { DRAFT_CHANNELS } from './contract/drafts';
import { FINANCE_LOG_CHANNELS } from './contract/finance-log';
import { INVOICES_CHANNELS, INVOICES_EVENTS } from './contract/invoices';
import { MONTH_END_CHANNELS, MONTH_END_EVENTS } from './contract/month-end';
import { PORTAL_TEMPLATE_CHANNELS } from './contract/portal-template';
import { SETTINGS_CHANNELS } from './contract/settings';
import { STARTUP_CHANNELS } from './contract/startup';
import { STRIPE_CHANNELS } from './contract/stripe';
import { TEMPLATE_CHANNELS } from './contract/template';
import { THREESCALE_CHANNELS, THREESCALE_EVENTS } from './contract/threescale';
import type { ArgsOf, PayloadOf, ResponseOf, SchemaOf } from './ipc/define';
import type { IpcResult } from './ipc/result';

export type * from './contract/connectivity';
export type * from './contract/customers';
export type * from './contract/drafts';
export type * from './contract/finance-log';
export type * from './contract/invoices';
export type * from './contract/month-end';
export type * from './contract/portal-template';
export type * from './contract/settings';
export type * from './contract/startup';
export type * from './contract/stripe';
export type * from './contract/template';
export type * from './contract/threescale';
export type * from './ipc/result';

/** Every feature's channels; a new feature adds its table here. */
export const FEATURE_CHANNELS = {
  settings: SETTINGS_CHANNELS,
  stripe: STRIPE_CHANNELS,
  drafts: DRAFT_CHANNELS,
  financeLog: FINANCE_LOG_CHANNELS,
  connectivity: CONNECTIVITY_CHANNELS,
  template: TEMPLATE_CHANNELS,
  customers: CUSTOMERS_CHANNELS,
  threescale: THREESCALE_CHANNELS,
  invoices: INVOICES_CHANNELS,
  monthEnd: MONTH_END_CHANNELS,
  portalTemplate: PORTAL_TEMPLATE_CHANNELS,
  startup: STARTUP_CHANNELS,
} as const;

export const CHANNELS = {
  ...SETTINGS_CHANNELS,
  ...STRIPE_CHANNELS,
  ...DRAFT_CHANNELS,
  ...FINANCE_LOG_CHANNELS,
  ...CONNECTIVITY_CHANNELS,
  ...TEMPLATE_CHANNELS,
  ...CUSTOMERS_CHANNELS,
  ...THREESCALE_CHANNELS,
  ...INVOICES_CHANNELS,
  ...MONTH_END_CHANNELS,
  ...PORTAL_TEMPLATE_CHANNELS,
  ...STARTUP_CHANNELS,
};

type Channels = typeof CHANNELS;
export type IpcChannel = keyof Channels;
/** The payload the renderer sends on a channel. */
export type IpcRequest<C extends IpcChannel> = z.input<SchemaOf<Channels[C]>>;
/** The payload main's handler receives, once the schema accepted it. */
export type IpcParsedRequest<C extends IpcChannel> = z.output<SchemaOf<Channels[C]>>;
export type IpcResponse<C extends IpcChannel> = ResponseOf<Channels[C]>;
export type IpcMethod = Channels[IpcChannel]['method'];

/** What main pushes to the renderer, by name; a feature with events adds its table here. */
export const EVENTS = {
  ...CONNECTIVITY_EVENTS,
  ...CUSTOMERS_EVENTS,
  ...INVOICES_EVENTS,
  ...MONTH_END_EVENTS,
  ...THREESCALE_EVENTS,
};

export type IpcEvent = keyof typeof EVENTS;
export type IpcEventPayload<E extends IpcEvent> = PayloadOf<(typeof EVENTS)[E]>;
export type IpcEventListener<E extends IpcEvent> = (payload: IpcEventPayload<E>) => void;

/** The API the preload script exposes as window.billingDesk: one method per channel, and `on` for events. */
export type BillingDeskApi = {
  readonly [C in IpcChannel as Channels[C]['method']]: (...args: ArgsOf<Channels[C]>) => Promise<IpcResult<IpcResponse<C>>>;
} & {
  /** Calls `listener` with every `event` main sends; returns the function that stops it. */
  readonly on: <E extends IpcEvent>(event: E, listener: IpcEventListener<E>) => () => void;
};

export const IPC_CHANNELS = Object.keys(CHANNELS) as IpcChannel[];
export const IPC_EVENTS = Object.keys(EVENTS) as IpcEvent[];

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

export function isIpcEvent(name: unknown): name is IpcEvent {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/** The name under which preload exposes the API on window. */
export const BRIDGE_GLOBAL = 'billingDesk';
