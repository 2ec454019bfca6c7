// The one IPC contract: every channel with its request and response types. Main
// implements it, preload exposes it, the renderer imports its types only.
//
// Adding a channel: declare it in IpcChannels and CHANNEL_OF, give it a payload schema
// in main/ipc/payload-schemas.ts and a handler in main/ipc/handlers.ts; TypeScript
// then fails until preload and the renderer agree.

import type { BillingMode, CurrencyCode, NumberingPeriod } from './billing-options';
import type { GatewayId } from './gateways';

export interface BillingSettings {
  chargingEnabled: boolean;
  currency: CurrencyCode;
  invoiceFootnote: string;
  vatZeroText: string;
  numberingPeriod: NumberingPeriod;
}

export type GatewayValues = Record<string, string | boolean>;

/** What the renderer may know of the saved gateway: public values and masked secrets. */
export interface GatewayView {
  type: GatewayId | null;
  /** Non-secret fields as saved. */
  values: GatewayValues;
  /** Secret fields: a masked form such as "sk_test_…4242", or null when none is saved. */
  maskedSecrets: Record<string, string | null>;
  /** Every non-checkbox field filled in: invoices can be charged. */
  configured: boolean;
}

export type KeychainBackend = 'os' | 'basic_text' | 'unavailable';

export interface SettingsView {
  revision: number;
  billingMode: BillingMode;
  billing: BillingSettings;
  gateway: GatewayView;
  keychain: { backend: KeychainBackend; name: string };
}

export interface SavedResult {
  view: SettingsView;
  /** The flash message to show, 3scale's wording. */
  message: string;
}

export interface GatewaySaveRequest {
  type: GatewayId | null;
  /**
   * Every field of the chosen gateway. For a secret field an empty string keeps the
   * saved secret (the form never holds it); any other value replaces it.
   */
  values: GatewayValues;
  /** The user accepted both gateway-change dialogs. Main refuses a change without it. */
  confirmedGatewayChange: boolean;
}

export interface FinanceLogChange {
  field: string;
  from: string;
  to: string;
}

export interface FinanceLogEntry {
  at: string;
  user: string;
  summary: string;
  changes: FinanceLogChange[];
}

export type IpcErrorCode =
  | 'invalid_input'
  | 'confirmation_required'
  | 'keychain_unavailable'
  | 'store_unreadable'
  | 'forbidden_sender'
  | 'unknown_channel'
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  /** Plain text for the user; never carries a secret or a stack trace. */
  message: string;
  /** Field key → message shown next to that field. */
  fieldErrors?: Record<string, string>;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcChannels {
  'settings:get': { request: null; response: SettingsView };
  'billing:save': { request: BillingSettings; response: SavedResult };
  'billing-mode:switch': { request: { to: BillingMode }; response: SavedResult };
  'gateway:save': { request: GatewaySaveRequest; response: SavedResult };
  'finance-log:list': { request: null; response: FinanceLogEntry[] };
}

export type IpcChannel = keyof IpcChannels;
export type IpcRequest<C extends IpcChannel> = IpcChannels[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcChannels[C]['response'];

/** The API the preload script exposes as window.billingDesk: one method per channel. */
export interface BillingDeskApi {
  getSettings(): Promise<IpcResult<SettingsView>>;
  saveBilling(settings: BillingSettings): Promise<IpcResult<SavedResult>>;
  switchBillingMode(to: BillingMode): Promise<IpcResult<SavedResult>>;
  saveGateway(request: GatewaySaveRequest): Promise<IpcResult<SavedResult>>;
  listFinanceLog(): Promise<IpcResult<FinanceLogEntry[]>>;
}

/** Which channel each API method calls; preload builds the API from this table. */
export const CHANNEL_OF = {
  getSettings: 'settings:get',
  saveBilling: 'billing:save',
  switchBillingMode: 'billing-mode:switch',
  saveGateway: 'gateway:save',
  listFinanceLog: 'finance-log:list',
} as const satisfies Record<keyof BillingDeskApi, IpcChannel>;

export const IPC_CHANNELS = Object.values(CHANNEL_OF) as IpcChannel[];

/** The name under which preload exposes the API on window. */
export const BRIDGE_GLOBAL = 'billingDesk';
