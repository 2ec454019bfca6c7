// 3scale's Liquid filters (portal-catalogue.ts, from lib/developer_portal/lib/liquid/filters/),
// as inert stand-ins for the preview: links keep their text, buttons are disabled, asset
// tags and trackers render nothing. What they output is sanitised like the rest.

import type { Liquid } from 'liquidjs';
import { escapeHtml } from './portal-tags';

type FilterFunction = (value: unknown, ...args: unknown[]) => unknown;

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** `property` of a drop or hash, if it has it as its own. */
function read(object: unknown, property: string): unknown {
  return object !== null && typeof object === 'object' && Object.hasOwn(object, property)
    ? (object as Record<string, unknown>)[property]
    : undefined;
}

const disabledButton: FilterFunction = (title) => `<button type="button" disabled>${escapeHtml(text(title))}</button>`;

const PORTAL_FILTER_FUNCTIONS: Record<string, FilterFunction> = {
  // form_helpers.rb: a class or the messages of a field's errors.
  error_class: (errors, className = 'error') => (Array.isArray(errors) && errors.length > 0 ? text(className) : ''),
  inline_errors: (errors) =>
    Array.isArray(errors) && errors.length > 0 ? `<p class="inline-errors">${escapeHtml(errors.map(text).join(', '))}</p>` : '',
  // google_analytics.rb: a tracker script; never in a preview.
  embed_google_tracker: () => '',
  // param_filter.rb
  to_param: (drop) => text(read(drop, 'id') ?? drop),
  // rails_helpers.rb
  group_by: (collection, key) => {
    if (!Array.isArray(collection)) return [];
    const groups = new Map<unknown, unknown[]>();
    for (const item of collection) {
      const name = read(item, text(key));
      groups.set(name, [...(groups.get(name) ?? []), item]);
    }
    return [...groups].map(([name, items]) => [name, items]);
  },
  any: (collection, value) => Array.isArray(collection) && collection.some((item) => text(item) === text(value)),
  stylesheet_link_tag: () => '',
  javascript_include_tag: () => '',
  image_tag: (name) => `<span class="portal-placeholder">[image: ${escapeHtml(text(name))}]</span>`,
  mail_to: (mail) => `<a href="mailto:${escapeHtml(text(mail))}">${escapeHtml(text(mail))}</a>`,
  html_safe: (value) => value,
  pluralize: (word) => {
    const singular = text(word);
    if (/[^aeiou]y$/i.test(singular)) return `${singular.slice(0, -1)}ies`;
    return /(s|x|z|ch|sh)$/i.test(singular) ? `${singular}es` : `${singular}s`;
  },
  delete_button: disabledButton,
  delete_button_ajax: disabledButton,
  update_button: disabledButton,
  update_button_ajax: disabledButton,
  create_button: disabledButton,
  create_button_ajax: disabledButton,
  regenerate_oauth_secret_button: disabledButton,
  link_to: (label, path) => `<a href="${escapeHtml(text(path))}">${escapeHtml(text(label))}</a>`,
  dom_id: (drop) => `${text(read(drop, 'class_name') ?? 'record').toLowerCase()}_${text(read(drop, 'id'))}`,
  // url_helpers.rb
  message_url: (message) => `/admin/messages/outbox/${encodeURIComponent(text(read(message, 'id')))}`,
};

/** Ruby Liquid 5.4 filters that liquidjs lacks. */
const RUBY_LIQUID_FILTERS: Record<string, FilterFunction> = {
  base64_url_safe_encode: (value) => Buffer.from(text(value), 'utf8').toString('base64url'),
  base64_url_safe_decode: (value) => Buffer.from(text(value), 'base64url').toString('utf8'),
};

export function registerPortalFilters(liquid: Liquid): void {
  for (const [name, filter] of Object.entries({ ...RUBY_LIQUID_FILTERS, ...PORTAL_FILTER_FUNCTIONS })) liquid.registerFilter(name, filter);
}

/** The names the stand-ins cover: a test holds them equal to PORTAL_FILTERS. */
export const PORTAL_FILTER_NAMES: readonly string[] = Object.keys(PORTAL_FILTER_FUNCTIONS);
