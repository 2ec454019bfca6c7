// Renders "Payment Gateway / Show" as a developer would see it on a portal whose gateway is
// Stripe, with sample data, then makes the HTML inert for display in a sandboxed frame.

import { LiquidError } from 'liquidjs';
import { analyseTemplate } from './checker';
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

/** The template rendered for a Stripe portal, as inert HTML. Rejects with TemplatePreviewError. */
export async function renderPreview(source: string, options: PreviewOptions): Promise<string> {
  const analysis = analyseTemplate(source);
  if (!analysis.ok) {
    const { error } = analysis.report;
    throw new TemplatePreviewError(`The template does not parse (line ${error.line}, column ${error.column}): ${error.message}`, error);
  }
  let html: string;
  try {
    html = await analysis.engine.render(analysis.templates, previewData(options), { ownPropertyOnly: true });
  } catch (err) {
    const reason = LiquidError.is(err) ? (err.originalError?.message ?? err.message) : err instanceof Error ? err.message : String(err);
    throw new TemplatePreviewError(`The template could not be rendered: ${reason}`);
  }
  return sanitizeHtml(html);
}
