// What 3scale's developer portal adds to Liquid: its tags, its filters, the drops that
// "Payment Gateway / Show" reads, and the names its `{% form %}` tag knows.
//
// Read from 3scale's source, github.com/3scale/porta at ecd60bd3 (2026-08-21), Apache-2.0:
// - tags and filters: lib/developer_portal/config/initializers/liquid.rb registers them;
//   each tag's name is its `tag '…'` or its class name underscored
//   (lib/developer_portal/lib/liquid/tags/*.rb, docs/dsl/tags.rb);
// - block tags: the classes that extend Liquid::Block (form, content_for, email);
// - email's subtags: Email#unknown_tag in tags/email.rb;
// - filters: the public methods of lib/developer_portal/lib/liquid/filters/*.rb;
// - form names: lib/developer_portal/lib/liquid/forms.rb;
// - drops: lib/developer_portal/lib/liquid/drops/{provider,payment_gateway,account,billing_address,urls}.rb.
// Ruby Liquid's own tags are those of liquid 5.4.0 (porta's Gemfile.lock).
// When 3scale adds a tag, add it here: the checker warns about any tag not listed.

export type PortalTagKind = 'inline' | 'block';

export interface PortalTag {
  name: string;
  kind: PortalTagKind;
  /** What the portal renders in its place, said in the preview's placeholder. */
  standsFor: string;
  /** 3scale's own deprecation note, when it has one. */
  deprecated?: string;
}

/** The tags 3scale registers, in the order of its initializer. */
export const PORTAL_TAGS: readonly PortalTag[] = [
  { name: 'include', kind: 'inline', standsFor: 'partial' },
  { name: 'authorize_net_form', kind: 'inline', standsFor: 'Authorize.Net card form' },
  { name: 'payment_express_form', kind: 'inline', standsFor: 'Payment Express card form' },
  { name: 'braintree_customer_form', kind: 'inline', standsFor: 'Braintree card form' },
  { name: 'ogone_form', kind: 'inline', standsFor: 'Ogone card form' },
  { name: 'stripe_form', kind: 'inline', standsFor: 'Stripe card form' },
  { name: 'content', kind: 'inline', standsFor: 'page body' },
  { name: 'container', kind: 'inline', standsFor: 'container' },
  { name: 'credit_card_missing', kind: 'inline', standsFor: 'notice: credit card missing' },
  { name: 'essential_assets', kind: 'inline', standsFor: "the portal's stylesheets and scripts" },
  { name: 'flash', kind: 'inline', standsFor: 'flash messages', deprecated: 'use the flash drop' },
  { name: 'footer', kind: 'inline', standsFor: 'footer', deprecated: 'use a CMS partial' },
  { name: 'oldfooter', kind: 'inline', standsFor: 'footer', deprecated: 'use a CMS partial' },
  { name: 'form', kind: 'block', standsFor: 'form' },
  { name: 'internal_error', kind: 'inline', standsFor: 'internal error page' },
  { name: 'latest_forum_posts', kind: 'inline', standsFor: 'latest forum posts' },
  { name: 'latest_messages', kind: 'inline', standsFor: 'latest messages' },
  { name: 'logo', kind: 'inline', standsFor: 'logo', deprecated: 'use {{ provider.logo_url }}' },
  { name: 'menu', kind: 'inline', standsFor: 'menu', deprecated: 'use {% include "menu" %}' },
  { name: 'submenu', kind: 'inline', standsFor: 'submenu', deprecated: "use a 'submenu' partial" },
  { name: 'theme_stylesheet', kind: 'inline', standsFor: "the theme's stylesheet" },
  { name: 'user_widget', kind: 'inline', standsFor: 'user widget', deprecated: 'use a CMS partial' },
  { name: 'plan_widget', kind: 'inline', standsFor: 'plan widget' },
  { name: 'page_section', kind: 'inline', standsFor: 'page section' },
  { name: 'page_sub_section', kind: 'inline', standsFor: 'page subsection' },
  { name: 'trial_notice', kind: 'inline', standsFor: 'trial notice' },
  { name: 'email', kind: 'block', standsFor: 'email headers' },
  { name: 'debug', kind: 'inline', standsFor: 'debug help' },
  { name: 'csrf', kind: 'inline', standsFor: 'CSRF meta tags' },
  { name: '3scale_essentials', kind: 'inline', standsFor: "3scale's essential assets" },
  { name: 'portlet', kind: 'inline', standsFor: 'portlet' },
  { name: 'active_docs', kind: 'inline', standsFor: 'ActiveDocs' },
  { name: 'content_for', kind: 'block', standsFor: 'content for' },
  { name: 'sort_link', kind: 'inline', standsFor: 'sort link' },
  { name: 'cdn_asset', kind: 'inline', standsFor: 'CDN asset' },
  { name: 'disable_client_cache', kind: 'inline', standsFor: 'no browser cache' },
];

/** Tags that are valid only inside `{% email %}…{% endemail %}` (Email#unknown_tag). */
export const EMAIL_SUBTAGS: readonly string[] = ['subject', 'header', 'cc', 'bcc', 'from', 'reply_to', 'reply-to', 'do_not_send'];

/** Ruby Liquid 5.4's own tags, as 3scale's portal has them. */
export const LIQUID_TAGS: readonly { name: string; kind: PortalTagKind }[] = [
  { name: 'assign', kind: 'inline' },
  { name: 'break', kind: 'inline' },
  { name: 'capture', kind: 'block' },
  { name: 'case', kind: 'block' },
  { name: 'comment', kind: 'block' },
  { name: 'continue', kind: 'inline' },
  { name: 'cycle', kind: 'inline' },
  { name: 'decrement', kind: 'inline' },
  { name: 'echo', kind: 'inline' },
  { name: 'for', kind: 'block' },
  { name: 'if', kind: 'block' },
  { name: 'ifchanged', kind: 'block' },
  { name: 'increment', kind: 'inline' },
  { name: '#', kind: 'inline' },
  { name: 'liquid', kind: 'inline' },
  { name: 'raw', kind: 'block' },
  { name: 'render', kind: 'inline' },
  { name: 'tablerow', kind: 'block' },
  { name: 'unless', kind: 'block' },
];

/** Tags that only continue a block: `{% else %}` of if/unless/case/for, `{% when %}`, `{% elsif %}`. */
export const BRANCH_TAGS: Readonly<Record<string, readonly string[]>> = {
  else: ['if', 'unless', 'case', 'for'],
  elsif: ['if', 'unless'],
  when: ['case'],
};

/** The filters 3scale registers (form_helpers, google_analytics, param_filter, rails_helpers, url_helpers). */
export const PORTAL_FILTERS: readonly string[] = [
  'error_class',
  'inline_errors',
  'embed_google_tracker',
  'to_param',
  'group_by',
  'any',
  'stylesheet_link_tag',
  'javascript_include_tag',
  'image_tag',
  'mail_to',
  'html_safe',
  'pluralize',
  'delete_button',
  'delete_button_ajax',
  'update_button',
  'update_button_ajax',
  'create_button',
  'create_button_ajax',
  'regenerate_oauth_secret_button',
  'link_to',
  'dom_id',
  'message_url',
];

/** Ruby Liquid 5.4's standard filters (liquidjs implements each of them). */
export const LIQUID_FILTERS: readonly string[] = [
  'abs', 'append', 'at_least', 'at_most', 'capitalize', 'ceil', 'compact', 'concat', 'date', 'default',
  'divided_by', 'downcase', 'escape', 'escape_once', 'first', 'floor', 'join', 'last', 'lstrip', 'map',
  'minus', 'modulo', 'newline_to_br', 'plus', 'prepend', 'remove', 'remove_first', 'remove_last', 'replace',
  'replace_first', 'replace_last', 'reverse', 'round', 'rstrip', 'size', 'slice', 'sort', 'sort_natural',
  'split', 'strip', 'strip_html', 'strip_newlines', 'sum', 'times', 'truncate', 'truncatewords', 'uniq',
  'upcase', 'url_decode', 'url_encode', 'where', 'base64_encode', 'base64_decode', 'base64_url_safe_encode',
  'base64_url_safe_decode',
];

/** Form names used by the templates 3scale ships (forms.rb looks each up as a class under lib/liquid/forms/). */
export const PORTAL_FORMS: readonly string[] = [
  'application.create', 'application.update', 'application.updateremote', 'account.personal_details',
  'account.billing_address', 'invitation.create', 'invitation_signup', 'login', 'message.create', 'message.reply',
  'password_change', 'password_reset', 'plan.change', 'referrer_filter.createremote', 'search', 'signup',
  'subscription.create', 'user.edit', 'user.personal_details',
];

/**
 * The drops "Payment Gateway / Show" reads and what the preview gives them
 * (Liquid::Drops::Provider#payment_gateway, PaymentGateway, Account, BillingAddress, Urls).
 */
export const PAYMENT_GATEWAY_SHOW_DROPS = {
  provider: ['name', 'payment_gateway'],
  'provider.payment_gateway': ['type', 'braintree_blue?', 'authorize_net?'],
  current_account: [
    'name',
    'has_billing_address?',
    'billing_address',
    'credit_card_stored?',
    'credit_card_required?',
    'credit_card_missing?',
    'credit_card_display_number',
    'credit_card_expiration_date',
    'edit_stripe_billing_address_url',
    'edit_braintree_blue_credit_card_details_url',
    'edit_payment_express_billing_address_url',
  ],
  'current_account.billing_address': ['name', 'address', 'address1', 'address2', 'city', 'state', 'zip', 'country', 'phone'],
  urls: ['credit_card_terms', 'credit_card_privacy', 'credit_card_refunds', 'payment_details'],
  current_user: ['username', 'display_name'],
} as const;

const tagsByName = new Map<string, PortalTagKind>([
  ...LIQUID_TAGS.map((tag) => [tag.name, tag.kind] as const),
  ...PORTAL_TAGS.map((tag) => [tag.name, tag.kind] as const),
]);

/** inline or block, for a tag Ruby Liquid or 3scale knows; undefined for any other name. */
export function knownTagKind(name: string): PortalTagKind | undefined {
  return tagsByName.get(name);
}

const knownFilters = new Set([...LIQUID_FILTERS, ...PORTAL_FILTERS]);

export function isKnownFilter(name: string): boolean {
  return knownFilters.has(name);
}
