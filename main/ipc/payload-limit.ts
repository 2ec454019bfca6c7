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

/** No request of the contract has more fields or deeper nesting than these, by far (the draft's form has well under a hundred). */
export const MAX_PAYLOAD_MEMBERS = 2_000;
export const MAX_PAYLOAD_DEPTH = 32;

/**
 * Counts members and nesting in one pass over the JSON text, outside strings, and stops
 * at the first excess: a record of a million keys within the byte limit (a template
 * channel allows megabytes) is refused without JSON.parse building it.
 */
export function withinShape(json: string, maxMembers = MAX_PAYLOAD_MEMBERS, maxDepth = MAX_PAYLOAD_DEPTH): boolean {
  let members = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return false;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if ((c === 0x2c || c === 0x3a) && ++members > maxMembers * 2) return false;
  }
  return true;
}

export function tooComplexMessage(): string {
  return `This request has more fields or nesting than any request of Billing Desk (at most ${MAX_PAYLOAD_MEMBERS.toLocaleString('en-US')} fields, ${MAX_PAYLOAD_DEPTH} levels). Nothing was changed.`;
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
