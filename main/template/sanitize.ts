// The template preview's HTML, made inert with sanitize-html (a maintained allowlist
// sanitiser on htmlparser2) before it leaves the worker. It is the second of three walls:
// the renderer shows the result in an <iframe sandbox> without scripts or same-origin
// access, under the app's CSP (see README, Security model).
//
// Allowed: text structure, tables, lists and form controls (shown, never submitted), with
// a few plain attributes. Dropped with their content: script, style, iframe, object, svg,
// math, template and the like. Links become "#", images a
// placeholder naming them: nothing in the preview can run code, load anything or navigate.

import sanitize from 'sanitize-html';
import type { IOptions } from 'sanitize-html';

const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'button', 'caption', 'cite',
  'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'input', 'ins', 'kbd',
  'label', 'legend', 'li', 'main', 'mark', 'nav', 'ol', 'optgroup', 'option', 'p', 'pre', 'q', 's', 'samp', 'section',
  'select', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'u', 'ul', 'var', 'wbr',
];

/** Dropped with everything inside them: code, other documents, vector graphics. */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'applet', 'embed', 'noscript', 'noembed', 'noframes',
  'template', 'svg', 'math', 'textarea', 'title', 'xmp', 'plaintext', 'head', 'video', 'audio', 'canvas', 'portal',
  'map', 'picture', 'slot', 'dialog',
];

const GLOBAL_ATTRIBUTES = ['class', 'id', 'title', 'lang', 'dir', 'role', 'hidden'];

const OPTIONS: IOptions = {
  allowedTags: ALLOWED_TAGS,
  nonTextTags: DROPPED_WITH_CONTENT,
  disallowedTagsMode: 'discard',
  allowedAttributes: {
    '*': GLOBAL_ATTRIBUTES,
    a: ['href'],
    input: ['type', 'name', 'value', 'placeholder', 'checked', 'disabled', 'readonly', 'size', 'maxlength', 'required'],
    button: ['type', 'name', 'value', 'disabled'],
    select: ['name', 'disabled', 'multiple', 'required', 'size'],
    option: ['value', 'selected', 'disabled', 'label'],
    optgroup: ['label', 'disabled'],
    label: ['for'],
    fieldset: ['disabled', 'name'],
    form: ['name'],
    td: ['colspan', 'rowspan', 'headers'],
    th: ['colspan', 'rowspan', 'headers', 'scope', 'abbr'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    time: ['datetime'],
    details: ['open'],
  },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedIframeHostnames: [],
  allowVulnerableTags: false,
  parseStyleAttributes: false,
  enforceHtmlBoundary: false,
  transformTags: {
    // A link looks like one, and goes nowhere (an in-page "#fragment" stays).
    a: (_tag, attribs) => ({
      tagName: 'a',
      attribs: { ...attribs, href: /^#[\w-]*$/.test(attribs['href'] ?? '') ? (attribs['href'] ?? '#') : '#' },
    }),
    // An image would be a request: its alt text or name instead.
    img: (_tag, attribs) => ({
      tagName: 'span',
      attribs: { class: 'portal-placeholder' },
      text: attribs['alt'] ? `[image: ${attribs['alt']}]` : '[image]',
    }),
    // Buttons never submit; inputs never upload.
    button: (_tag, attribs) => ({ tagName: 'button', attribs: { ...attribs, type: 'button' } }),
    input: (_tag, attribs) => ({
      tagName: 'input',
      attribs: { ...attribs, type: ['file', 'image', 'submit', 'reset'].includes((attribs['type'] ?? '').toLowerCase()) ? 'button' : (attribs['type'] ?? 'text') },
    }),
  },
};

/** The HTML with everything that could run, load or navigate removed. */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS);
}
