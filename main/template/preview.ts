// Renders "Payment Gateway / Show" as a developer would see it on a portal whose gateway is
// Stripe, with sample data, then makes the HTML inert (sanitize.ts) for the renderer's
// sandboxed frame. Runs in the template worker (template-runner.ts), which also bounds its
// time and memory; here the output is bounded, so that a template that doubles a string
// and prints it many times stops with a message instead of filling memory.

import { Context, LiquidError, toPromise } from 'liquidjs';
import { analyseTemplate } from './checker';
import { RENDER_LIMITS } from './liquid';
import type { TemplateParseError } from './checker';
import { sanitizeHtml } from './sanitize';

export interface PreviewOptions {
  /** Whether the developer account has entered its billing address (`current_account.has_billing_address?`). */
  hasBillingAddress: boolean;
}

/** The template cannot be previewed: it does not parse, or rendering it failed. */
export class TemplatePreviewError extends Error {
  override readonly name = 'TemplatePreviewError';
  constructor(
    message: string,
    /** Set when the template does not parse. */
    readonly parseError?: TemplateParseError,
  ) {
    super(message);
  }
}

/** The data a 3scale portal gives the template, with harmless sample values; drops ending in "?" keep the "?" in their key. */
export function previewData({ hasBillingAddress }: PreviewOptions): Record<string, unknown> {
  const billingAddress = hasBillingAddress
    ? {
        name: 'Example Developer Ltd',
        address: '1 Sample Street, Springfield, 12345, United States',
        address1: '1 Sample Street',
        address2: '',
        city: 'Springfield',
        state: 'CA',
        zip: '12345',
        country: 'United States',
        phone: '+1 555 0100',
      }
    : null;
  return {
    provider: {
      name: 'Example API Provider',
      payment_gateway: { type: 'stripe' },
    },
    current_account: {
      name: 'Example Developer Ltd',
      'has_billing_address?': hasBillingAddress,
      'credit_card_stored?': false,
      'credit_card_required?': true,
      credit_card_display_number: '',
      credit_card_expiration_date: '',
      billing_address: billingAddress,
      edit_stripe_billing_address_url: '/admin/account/stripe/edit',
      edit_braintree_blue_credit_card_details_url: '/admin/account/braintree_blue/edit',
    },
    current_user: { username: 'developer', display_name: 'Sample Developer' },
    urls: {
      credit_card_terms: '/termsofservice',
      credit_card_privacy: '/privacypolicy',
      credit_card_refunds: '/refundpolicy',
    },
  };
}

/** The most characters a preview may render before it is stopped (a real page is a few kilobytes). */
export const MAX_PREVIEW_CHARS = 2_000_000;

class PreviewTooLarge extends Error {}

/** liquidjs's emitter, stopping the render once the output passes the limit. */
class BoundedEmitter {
  buffer = '';
  write(html: unknown): void {
    const text = Array.isArray(html) ? html.join('') : html === null || html === undefined ? '' : String(html);
    if (this.buffer.length + text.length > MAX_PREVIEW_CHARS) throw new PreviewTooLarge();
    this.buffer += text;
  }
}

/** The template rendered for a Stripe portal, as inert HTML. Rejects with TemplatePreviewError. */
export async function renderPreview(source: string, options: PreviewOptions): Promise<string> {
  const analysis = analyseTemplate(source);
  if (!analysis.ok) {
    const { error } = analysis.report;
    throw new TemplatePreviewError(`The template does not parse (line ${error.line}, column ${error.column}): ${error.message}`, error);
  }
  let html: string;
  try {
    const { engine, templates } = analysis;
    const emitter = new BoundedEmitter();
    const context = new Context(previewData(options), engine.options, { ownPropertyOnly: true }, { liquid: engine });
    await toPromise(engine.renderer.renderTemplates(templates, context, emitter));
    html = emitter.buffer;
  } catch (err) {
    if (err instanceof PreviewTooLarge || (LiquidError.is(err) && err.originalError instanceof PreviewTooLarge)) {
      throw new TemplatePreviewError(
        `The preview was stopped: the template renders more than ${MAX_PREVIEW_CHARS.toLocaleString('en')} characters (a real page is a few thousand). Look for a loop or a string that doubles itself.`,
      );
    }
    const reason = LiquidError.is(err) ? (err.originalError?.message ?? err.message) : err instanceof Error ? err.message : String(err);
    if (/template render limit exceeded/i.test(reason)) {
      throw new TemplatePreviewError(`The preview was stopped: the template took longer than ${RENDER_LIMITS.renderLimitMs / 1000} s to render. Look for a long loop.`);
    }
    if (/memory alloc limit exceeded/i.test(reason)) {
      throw new TemplatePreviewError(
        `The preview was stopped: the template builds more than ${RENDER_LIMITS.memoryLimitBytes / 1024 / 1024} MB of text. Look for a string that doubles itself.`,
      );
    }
    throw new TemplatePreviewError(`The template could not be rendered: ${reason}`);
  }
  return sanitizeHtml(html);
}
