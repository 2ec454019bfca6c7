// The one dispatch path every IPC message takes, in Electron (ipcMain) and in the
// Chromium test harness alike: sender check, channel check, payload size (before it is
// parsed), payload schema (from the contract), handler, and errors turned into data.

import { isIpcChannel, type IpcChannel, type IpcError, type IpcResult } from '../../common/ipc-contract';
import { redactSecrets } from '../domain/masking';
import { UserFacingError } from '../domain/user-facing-error';
import type { HandlerTable } from './handler-table';
import { malformedMessage, payloadLimit, tooLargeMessage, withinLimit } from './payload-limit';
import { PAYLOAD_SCHEMAS } from './payload-schemas';

export interface DispatchOptions {
  table: HandlerTable;
  isTrustedSender: (senderUrl: string | undefined) => boolean;
  /** Where internal errors are reported; the text is already redacted. */
  logError?: (text: string) => void;
}

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

/** The payload as the bridge sends it: JSON text, measured, then parsed. */
function readPayload(channel: IpcChannel, json: string): { value: unknown } | { error: IpcError } {
  const limit = payloadLimit(channel);
  if (!withinLimit(json, limit)) return { error: { code: 'too_large', message: tooLargeMessage(json, limit) } };
  try {
    return { value: JSON.parse(json) as unknown };
  } catch {
    return { error: { code: 'invalid_input', message: 'The request was malformed (not JSON).' } };
  }
}

/**
 * Answers one request. `payload` is the JSON text the bridge sends (Electron and the
 * harness); code in this process (tests) may hand over the value itself.
 */
export async function dispatch(
  options: DispatchOptions,
  channel: unknown,
  payload: unknown,
  senderUrl: string | undefined,
): Promise<IpcResult<unknown>> {
  if (!options.isTrustedSender(senderUrl)) {
    return failure({ code: 'forbidden_sender', message: 'This window is not allowed to change billing settings.' });
  }
  if (!isIpcChannel(channel)) {
    return failure({ code: 'unknown_channel', message: 'Unknown request.' });
  }
  let value: unknown = payload === undefined ? null : payload;
  if (typeof payload === 'string') {
    const read = readPayload(channel, payload);
    if ('error' in read) return failure(read.error);
    value = read.value;
  }
  const parsed = PAYLOAD_SCHEMAS[channel].safeParse(value);
  if (!parsed.success) {
    // A few paths only, never the values: a rejected payload may hold a secret.
    return failure({ code: 'invalid_input', message: malformedMessage(parsed.error.issues.map((i) => i.path.join('.') || '(request)')) });
  }
  try {
    // The schema of this very channel accepted the payload: its handler's request type.
    const handler = options.table[channel] as (request: unknown) => unknown;
    const value = await handler(parsed.data);
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
    options.logError?.(redactSecrets(`[ipc ${channel}] ${text}`));
    return failure({ code: 'internal', message: 'Something went wrong in Billing Desk; nothing was changed. Please try again.' });
  }
}
