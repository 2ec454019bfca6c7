// An allowlist HTML sanitiser for the template preview.
//
// The input is read with a small tokenizer and written out again from scratch: only tags and
// attributes on the allowlists are written, every attribute value is decoded and re-escaped,
// and text has its "<" and ">" escaped. So the browser parses the output exactly as this module
// understood it, whatever the input's tricks; nothing from the input reaches the output as
// markup unless this module wrote it. Elements whose content is code or another document
// (script, style, iframe, object, svg, …) are dropped with their content; any other tag not on
// the list is dropped and its text kept. Links and sources become "#" (a link may keep a "#fragment"),
// so nothing can run code, load anything or navigate.

/** Elements written out (with the attributes below). */
const ALLOWED_TAGS = new Set([
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'button', 'caption', 'cite',
  'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'input', 'ins', 'kbd',
  'label', 'legend', 'li', 'main', 'mark', 'nav', 'ol', 'optgroup', 'option', 'p', 'pre', 'q', 's', 'samp', 'section',
  'select', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'u', 'ul', 'var', 'wbr',
]);

/** Elements that have no end tag. */
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame']);

/** Elements dropped together with everything up to their end tag. */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'applet', 'embed', 'noscript', 'noembed', 'noframes',
  'template', 'svg', 'math', 'textarea', 'title', 'xmp', 'plaintext', 'head', 'video', 'audio', 'canvas', 'portal',
  'map', 'picture', 'slot', 'dialog',
]);

/** Elements whose content the browser reads as raw text: look only for their own end tag inside them. */
const RAW_TEXT = new Set(['script', 'style', 'iframe', 'noscript', 'noembed', 'noframes', 'textarea', 'title', 'xmp', 'plaintext']);

const GLOBAL_ATTRIBUTES = new Set(['class', 'id', 'title', 'lang', 'dir', 'role', 'hidden']);

const TAG_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(['href']),
  img: new Set(['src', 'alt', 'width', 'height']),
  input: new Set(['type', 'name', 'value', 'placeholder', 'checked', 'disabled', 'readonly', 'size', 'maxlength', 'required']),
  button: new Set(['type', 'name', 'value', 'disabled']),
  select: new Set(['name', 'disabled', 'multiple', 'required', 'size']),
  option: new Set(['value', 'selected', 'disabled', 'label']),
  optgroup: new Set(['label', 'disabled']),
  label: new Set(['for']),
  fieldset: new Set(['disabled', 'name']),
  form: new Set(['name']),
  td: new Set(['colspan', 'rowspan', 'headers']),
  th: new Set(['colspan', 'rowspan', 'headers', 'scope', 'abbr']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'reversed', 'type']),
  li: new Set(['value']),
  time: new Set(['datetime']),
  details: new Set(['open']),
  del: new Set(['datetime']),
  ins: new Set(['datetime']),
};

const URL_ATTRIBUTES = new Set(['href', 'src']);

/** Named character references decoded in attribute values (others stay as written, harmlessly). */
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', semi: ';', comma: ',',
  period: '.', sol: '/', bsol: '\\', lpar: '(', rpar: ')', equals: '=', excl: '!', quest: '?', num: '#',
  percnt: '%', plus: '+', commat: '@', tab: '\t', Tab: '\t', newline: '\n', NewLine: '\n', hyphen: '-',
  dash: '-', lowbar: '_', copy: '\u00a9', reg: '\u00ae', trade: '\u2122', hellip: '\u2026', mdash: '\u2014',
  ndash: '\u2013', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', euro: '\u20ac',
  pound: '\u00a3', yen: '\u00a5', cent: '\u00a2', middot: '\u00b7', times: '\u00d7', laquo: '\u00ab', raquo: '\u00bb',
};

function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (all, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? all;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text as written, except "<" and ">" and any "&" that does not start a character reference. */
function escapeText(text: string): string {
  return text
    .replace(/&(?!(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * The preview follows no link and loads nothing: a link keeps only a fragment of this page
 * ("#terms"); any other href — http(s), "//host", javascript:, data:, even a relative path —
 * and every src become "#".
 */
export function safeUrl(value: string, attribute: string): string {
  if (attribute !== 'href') return '#';
  // What a browser does first: trim C0 controls and spaces, drop tabs and newlines anywhere.
  // eslint-disable-next-line no-control-regex
  const url = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  // eslint-disable-next-line no-control-regex
  return /^#[^\u0000-\u001f\u007f\\]*$/.test(url) ? url : '#';
}

interface Attribute {
  name: string;
  value: string;
}

/** The text of an HTML fragment with only allowlisted, inert markup left. */
export function sanitizeHtml(html: string): string {
  const out: string[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out.push(escapeText(html.slice(i)));
      break;
    }
    out.push(escapeText(html.slice(i, lt)));
    i = lt;
    const next = html[i + 1] ?? '';

    if (html.startsWith('<!--', i)) {
      // A comment, dropped. "<!-->" and "<!--->" end at once, as in browsers.
      const abrupt = /^<!---?>/.exec(html.slice(i, i + 6));
      const end = html.indexOf('-->', i + 4);
      if (abrupt) i += abrupt[0].length;
      else i = end === -1 ? n : end + 3;
      continue;
    }
    if (next === '!' || next === '?') {
      // Doctype, CDATA, processing instruction or another bogus comment: dropped up to ">".
      const end = html.indexOf('>', i + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    const isEnd = next === '/';
    const nameStart = isEnd ? i + 2 : i + 1;
    if (!/[A-Za-z]/.test(html[nameStart] ?? '')) {
      if (isEnd && html[nameStart] === '>') {
        i = nameStart + 1; // "</>" is nothing
      } else if (isEnd) {
        const end = html.indexOf('>', nameStart); // "</ …>" is a bogus comment
        i = end === -1 ? n : end + 1;
      } else {
        out.push('&lt;');
        i += 1;
      }
      continue;
    }

    const tag = readTag(html, nameStart);
    if (!tag) break; // a tag cut off by the end of the input: dropped, as browsers do
    i = tag.end;
    const name = tag.name;

    if (isEnd) {
      if (ALLOWED_TAGS.has(name) && !VOID_TAGS.has(name)) out.push(`</${name}>`);
      continue;
    }
    if (DROP_WITH_CONTENT.has(name) && !VOID_TAGS.has(name)) {
      i = skipElement(html, i, name);
      continue;
    }
    if (!ALLOWED_TAGS.has(name)) continue;
    out.push(writeStartTag(name, tag.attributes));
  }
  return out.join('');
}

/** Reads a tag's name and attributes from its name's first character; returns where it ends (after ">"). */
function readTag(html: string, start: number): { name: string; attributes: Attribute[]; end: number } | undefined {
  const n = html.length;
  let i = start;
  while (i < n && !/[\s/>]/.test(html[i] ?? '')) i++;
  const name = html.slice(start, i).toLowerCase();
  const attributes: Attribute[] = [];
  for (;;) {
    while (i < n && /[\s/]/.test(html[i] ?? '')) i++;
    if (i >= n) return undefined;
    if (html[i] === '>') return { name, attributes, end: i + 1 };
    const attrStart = i;
    i++; // the first character may be "=", as in browsers
    while (i < n && !/[\s/>=]/.test(html[i] ?? '')) i++;
    const attrName = html.slice(attrStart, i).toLowerCase();
    while (i < n && /\s/.test(html[i] ?? '')) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && /\s/.test(html[i] ?? '')) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close === -1) return undefined;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        const valueStart = i;
        while (i < n && !/[\s>]/.test(html[i] ?? '')) i++;
        value = html.slice(valueStart, i);
      }
    }
    attributes.push({ name: attrName, value: decodeEntities(value) });
  }
}

/** Skips an element dropped with its content; returns the offset after its end tag (or the end of input). */
function skipElement(html: string, from: number, name: string): number {
  const lower = html.toLowerCase();
  if (RAW_TEXT.has(name)) {
    if (name === 'plaintext') return html.length;
    const close = findEndTag(lower, from, name);
    return close;
  }
  // Nested elements of the same name (svg in svg, object in object) are counted.
  let depth = 1;
  let i = from;
  const open = new RegExp(`<(/?)${name}(?=[\\s/>])`, 'g');
  while (depth > 0) {
    open.lastIndex = i;
    const match = open.exec(lower);
    if (!match) return html.length;
    const end = html.indexOf('>', match.index);
    if (end === -1) return html.length;
    if (match[1] === '/') depth--;
    else if (html[end - 1] !== '/') depth++;
    i = end + 1;
  }
  return i;
}

function findEndTag(lower: string, from: number, name: string): number {
  const pattern = new RegExp(`</${name}(?=[\\s/>])`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(lower);
  if (!match) return lower.length;
  const end = lower.indexOf('>', match.index);
  return end === -1 ? lower.length : end + 1;
}

function writeStartTag(name: string, attributes: Attribute[]): string {
  const allowed = TAG_ATTRIBUTES[name];
  const seen = new Set<string>();
  let text = `<${name}`;
  for (const { name: attrName, value } of attributes) {
    if (seen.has(attrName)) continue; // the first of duplicates wins, as in browsers
    seen.add(attrName);
    const isAllowed = GLOBAL_ATTRIBUTES.has(attrName) || allowed?.has(attrName) || /^aria-[a-z-]+$/.test(attrName);
    if (!isAllowed) continue;
    const safe = URL_ATTRIBUTES.has(attrName) ? safeUrl(value, attrName) : value;
    text += ` ${attrName}="${escapeAttribute(safe)}"`;
  }
  return `${text}>`;
}
