// The main-process handler table and the one dispatch path every IPC message takes,
// in Electron (ipcMain) and in the Chromium test harness alike: sender check, channel
// check, payload schema, handler, and errors turned into data.

import {
  IPC_CHANNELS,
  type IpcChannel,
  type IpcChannels,
  type IpcError,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
} from '../../common/ipc-contract';
import type { CustomersScreen } from '../customers/customers-screen';
import type { SettingsService } from '../domain/settings-service';
import { redactSecrets } from '../domain/masking';
import type { NativeShell } from '../native-shell';
import type { ConnectivityMonitor } from '../stripe/connectivity';
import { templateHandlers } from './template-handlers';
import { UserFacingError } from '../domain/user-facing-error';
import { PAYLOAD_SCHEMAS } from './payload-schemas';

export type HandlerTable = {
  [C in IpcChannel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export function createHandlerTable(
  service: SettingsService,
  connectivity: ConnectivityMonitor,
  native: NativeShell,
  customers: CustomersScreen,
): HandlerTable {
  return {
    'settings:get': () => service.view(),
    'billing:save': (settings) => service.saveBilling(settings),
    'billing-mode:switch': ({ to }) => service.switchBillingMode(to),
    'provider:save': (provider) => service.saveProvider(provider),
    'gateway:save': (request) => service.saveGateway(request),
    'finance-log:list': () => service.financeLog(),
    'stripe:verify': (request) => service.verifyStripeKeys(request),
    'stripe-mode:switch': (request) => service.switchStripeMode(request),
    'stripe-webhook:create': (request) => service.createWebhookEndpoint(request),
    'draft:get': () => service.draft(),
    'draft:save': ({ form }) => service.saveDraft(form),
    'draft:discard': () => service.discardDraft(),
    'draft:resolve': ({ choices }) => service.resolveDraftConflicts(choices),
    'connectivity:get': () => connectivity.view(),
    'connectivity:check': () => connectivity.checkNow(),
    ...templateHandlers(native),
    'customers:get': () => customers.view(),
    'customers:load': () => customers.load(),
    'customers:cancel': () => customers.cancel(),
    'customers:export': async () => {
      const mode = customers.view().mode;
      const savedTo = await native.saveTextFile('Export customers', `stripe-customers-${mode}.csv`, customers.csv(), 'csv');
      return savedTo ? { savedTo } : null;
    },
    'customers:open-dashboard': async ({ customerId }) => {
      await native.openExternal(customers.dashboardUrl(customerId));
      return null;
    },
  };
}

export interface DispatchOptions {
  table: HandlerTable;
  isTrustedSender: (senderUrl: string | undefined) => boolean;
  /** Where internal errors are reported; the text is already redacted. */
  logError?: (text: string) => void;
}

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

export async function dispatch(
  options: DispatchOptions,
  channel: unknown,
  payload: unknown,
  senderUrl: string | undefined,
): Promise<IpcResult<unknown>> {
  if (!options.isTrustedSender(senderUrl)) {
    return failure({ code: 'forbidden_sender', message: 'This window is not allowed to change billing settings.' });
  }
  if (typeof channel !== 'string' || !(IPC_CHANNELS as string[]).includes(channel)) {
    return failure({ code: 'unknown_channel', message: 'Unknown request.' });
  }
  const name = channel as IpcChannel;
  const parsed = PAYLOAD_SCHEMAS[name].safeParse(payload === undefined ? null : payload);
  if (!parsed.success) {
    // Paths only, never the values: a rejected payload may hold a secret.
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(request)').join(', ');
    return failure({ code: 'invalid_input', message: `The request was malformed (${where}).` });
  }
  try {
    const handler = options.table[name] as (request: unknown) => unknown;
    const value = await handler(parsed.data as IpcChannels[typeof name]['request']);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof UserFacingError) {
      return failure({
        code: error.code,
        message: redactSecrets(error.message),
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      });
    }
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    options.logError?.(redactSecrets(`[ipc ${name}] ${text}`));
    return failure({ code: 'internal', message: 'Something went wrong in Billing Desk; nothing was changed. Please try again.' });
  }
}
