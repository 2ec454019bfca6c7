// The developer portal template screen: open, check, fix, preview and save the
// "Payment Gateway / Show" template, and copy the fix.

import type { Zod } from '../ipc/define';
import { channel } from '../ipc/define';
import { TEMPLATE_ENCODINGS, type TemplateEncoding } from '../template-encodings';
import { TEMPLATE_MAX_CHARS } from '../template-limits';

/** The template checker's report, as the screen shows it. */
export interface TemplateCheckView {
  /** The template parsed. */
  ok: boolean;
  allHaveStripe: boolean;
  /** Where it does not parse: 1-based line and column, and the parser's reason. */
  error: { line: number; column: number; message: string } | null;
  caseBlocks: { startLine: number; endLine: number; hasStripe: boolean; message: string }[];
  /** Plain sentences: one per case block, and any problem. */
  messages: string[];
  problems: string[];
  /** Tags and filters neither Liquid nor 3scale knows: reported with their line, not refused. */
  warnings: { kind: 'unknown_tag' | 'unknown_filter'; name: string; line: number; column: number; message: string }[];
}

export interface TemplateFixView {
  ok: boolean;
  changed: boolean;
  /** The fixed template (or the original when nothing could be changed). */
  output: string;
  notes: string[];
  /** Unified diff of the change. */
  diff: string;
  /** The fixed template was parsed and checked again: it is valid and every case block has Stripe. */
  verified: boolean;
}

export interface TemplateFile {
  fileName: string;
  source: string;
  /** The encoding the file was read in; saving writes it back in the same one. */
  encoding: TemplateEncoding;
}

export interface TemplateSaveOptions {
  /** The encoding to write (the opened file's). */
  encoding: TemplateEncoding;
  /** The user agreed to UTF-8 for a text that encoding cannot hold. */
  convertToUtf8: boolean;
}

/**
 * Template requests may be larger than the others' (DEFAULT_MAX_PAYLOAD_BYTES), so that
 * a pasted template of a few megabytes reaches the template code and its own message.
 */
export const TEMPLATE_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** A portal template is small; a megabyte is far beyond any real one (the renderer says so before sending). */
const templateSource = (z: Zod) => z.string().max(TEMPLATE_MAX_CHARS);

export const TEMPLATE_CHANNELS = {
  'template:open': channel<TemplateFile | null>()({ method: 'openTemplate', request: (z) => z.null() }),
  'template:check': channel<TemplateCheckView>()({
    method: 'checkTemplate',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: (z) => z.strictObject({ source: templateSource(z) }),
    toPayload: (source: string) => ({ source }),
  }),
  'template:fix': channel<TemplateFixView>()({
    method: 'fixTemplate',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: (z) => z.strictObject({ source: templateSource(z), fileName: z.string().max(255) }),
    toPayload: (source: string, fileName: string) => ({ source, fileName }),
  }),
  'template:preview': channel<{ html: string }>()({
    method: 'previewTemplate',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: (z) => z.strictObject({ source: templateSource(z), hasBillingAddress: z.boolean() }),
    toPayload: (source: string, hasBillingAddress: boolean) => ({ source, hasBillingAddress }),
  }),
  'template:save': channel<{ savedTo: string; encoding: TemplateEncoding } | null>()({
    method: 'saveTemplate',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: (z) =>
      z.strictObject({
        source: templateSource(z),
        suggestedName: z.string().min(1).max(255),
        encoding: z.enum(TEMPLATE_ENCODINGS),
        convertToUtf8: z.boolean(),
      }),
    toPayload: (source: string, suggestedName: string, options: TemplateSaveOptions) => ({ source, suggestedName, ...options }),
  }),
  'clipboard:write': channel<null>()({
    method: 'copyText',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: (z) => z.strictObject({ text: templateSource(z) }),
    toPayload: (text: string) => ({ text }),
  }),
};
