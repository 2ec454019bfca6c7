// The size of a request, measured before it is parsed: a payload arrives as JSON text,
// whose length is known at once; a huge object never reaches JSON.parse or zod.

import { Buffer } from 'node:buffer';
import { CHANNELS, type IpcChannel } from '../../common/ipc-contract';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../common/ipc/define';

export function payloadLimit(channel: IpcChannel): number {
  return CHANNELS[channel].maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
}

/** Whether `json` takes at most `limit` bytes in UTF-8. At least a byte per UTF-16 unit: a long text is refused without counting. */
export function withinLimit(json: string, limit: number): boolean {
  if (json.length > limit) return false;
  return Buffer.byteLength(json, 'utf8') <= limit;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

export function tooLargeMessage(json: string, limit: number): string {
  // json.length is a lower bound of the UTF-8 size, and free to read.
  return `This request is too large for Billing Desk (at least ${formatBytes(json.length)}; at most ${formatBytes(limit)}). Nothing was changed.`;
}

/** At most this many field paths are named in an invalid_input refusal. */
export const MAX_PATHS_NAMED = 3;

export function malformedMessage(issuePaths: readonly string[]): string {
  const paths = [...new Set(issuePaths)];
  const named = paths.slice(0, MAX_PATHS_NAMED).map((p) => (p.length > 60 ? `${p.slice(0, 57)}…` : p));
  const more = paths.length - named.length;
  return `The request was malformed (${named.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}).`;
}
