// The developer portal template feature's channels: the pure checker, fixer and preview
// of main/template, and the OS dialogs and clipboard through the NativeShell.

import type { TEMPLATE_CHANNELS, TemplateCheckView, TemplateFixView } from '../../common/contract/template';
import { UserFacingError } from '../domain/user-facing-error';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { NativeShell } from '../native-shell';
import { conversionNotice, decodeTemplate, encodeTemplate } from './encoding';
import { TemplateJobError, TemplateRunner, type FixResult, type TemplateReport } from './index';

export function toCheckView(report: TemplateReport): TemplateCheckView {
  if (!report.ok) {
    return { ok: false, allHaveStripe: false, error: report.error, caseBlocks: [], messages: report.messages, problems: [], warnings: report.warnings };
  }
  return {
    ok: true,
    allHaveStripe: report.allHaveStripe,
    error: null,
    caseBlocks: report.caseBlocks.map((block) => ({
      startLine: block.startLine,
      endLine: block.endLine,
      hasStripe: block.hasStripe,
      message: block.message,
    })),
    messages: report.messages,
    problems: report.problems,
    warnings: report.warnings,
  };
}

export function toFixView(result: FixResult): TemplateFixView {
  return {
    ok: result.ok,
    changed: result.changed,
    output: result.output,
    notes: result.notes,
    diff: result.diff,
    verified: result.ok && result.verified,
  };
}

/** A job stopped for a reason the user can act on (too slow, too large, replaced) is said as such. */
async function userFacing<T>(job: Promise<T>): Promise<T> {
  try {
    return await job;
  } catch (error) {
    if (error instanceof TemplateJobError) throw new UserFacingError('invalid_input', error.message);
    throw error;
  }
}

/** Checks, fixes and previews run in worker threads (TemplateRunner): no template can block main. */
export function templateChannels(native: NativeShell, runner: TemplateRunner = new TemplateRunner()): ChannelHandlers<typeof TEMPLATE_CHANNELS> {
  return {
    'template:open': async () => {
      const file = await native.openFile('Open the "Payment Gateway / Show" template');
      if (!file) return null;
      const { text, encoding } = decodeTemplate(file.bytes);
      return { fileName: file.fileName, source: text, encoding };
    },
    'template:check': async ({ source }) => toCheckView(await userFacing(runner.check(source))),
    'template:fix': async ({ source, fileName }) => toFixView(await userFacing(runner.fix(source, fileName || 'template.liquid'))),
    'template:preview': async ({ source, hasBillingAddress }) => ({ html: await userFacing(runner.renderPreview(source, { hasBillingAddress })) }),
    'template:save': async ({ source, suggestedName, encoding, convertToUtf8 }) => {
      // Written back in the encoding it was read in; UTF-8 only when the user agreed to it.
      const encoded = encodeTemplate(source, encoding);
      if (!encoded.ok && !convertToUtf8) throw new UserFacingError('conversion_required', conversionNotice(encoding, encoded.unencodable));
      const written = encoded.ok ? { bytes: encoded.bytes, encoding } : { bytes: new TextEncoder().encode(source), encoding: 'utf-8' as const };
      const savedTo = await native.saveFile('Save the fixed template', suggestedName, written.bytes);
      return savedTo ? { savedTo, encoding: written.encoding } : null;
    },
    'clipboard:write': ({ text }) => {
      native.writeClipboard(text);
      return null;
    },
  };
}
