// The encoding of a template file: found when it is read, kept when it is written back.
// Portal templates exported on Windows are often Windows-1252 ("Latin-1"); reading them as
// UTF-8 would turn every accented letter into U+FFFD and write that back.

import { ENCODING_NAMES, TEMPLATE_ENCODINGS, type TemplateEncoding } from '../../common/template-encodings';

export { ENCODING_NAMES, TEMPLATE_ENCODINGS, type TemplateEncoding };

export interface DecodedTemplate {
  text: string;
  encoding: TemplateEncoding;
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 by its BOM, else Windows-1252, which decodes any byte. */
export function decodeTemplate(bytes: Uint8Array): DecodedTemplate {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryUtf8(bytes.subarray(3));
    if (text !== null) return { text, encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const text = tryUtf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8' };
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Windows-1252's 256 bytes, by the character each decodes to. */
const windows1252Bytes: ReadonlyMap<number, number> = (() => {
  const decoded = new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return new Map([...decoded].map((char, byte) => [char.codePointAt(0) ?? 0, byte]));
})();

export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; unencodable: string[] };

/** The text in the encoding; the characters it cannot hold (at most five, distinct) when it cannot. */
export function encodeTemplate(text: string, encoding: TemplateEncoding): EncodeResult {
  switch (encoding) {
    case 'utf-8':
      return { ok: true, bytes: new TextEncoder().encode(text) };
    case 'utf-8-bom':
      return { ok: true, bytes: concat([0xef, 0xbb, 0xbf], new TextEncoder().encode(text)) };
    case 'utf-16le':
      return { ok: true, bytes: concat([0xff, 0xfe], Buffer.from(text, 'utf16le')) };
    case 'utf-16be':
      return { ok: true, bytes: concat([0xfe, 0xff], Buffer.from(text, 'utf16le').swap16()) };
    case 'windows-1252': {
      const bytes = new Uint8Array(text.length);
      const unencodable = new Set<string>();
      let length = 0;
      for (const char of text) {
        const byte = windows1252Bytes.get(char.codePointAt(0) ?? 0);
        if (byte === undefined) unencodable.add(char);
        else bytes[length++] = byte;
      }
      return unencodable.size > 0 ? { ok: false, unencodable: [...unencodable].slice(0, 5) } : { ok: true, bytes: bytes.slice(0, length) };
    }
  }
}

function concat(prefix: number[], rest: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(prefix.length + rest.length);
  bytes.set(prefix);
  bytes.set(rest, prefix.length);
  return bytes;
}

/** The sentence said before saving a text its encoding cannot hold. */
export function conversionNotice(encoding: TemplateEncoding, unencodable: readonly string[]): string {
  const shown = unencodable.map((char) => `"${char}"`).join(', ');
  return `This template was read as ${ENCODING_NAMES[encoding]}, which cannot hold ${shown}; it will be saved as UTF-8. The portal reads UTF-8, but tools that expect ${ENCODING_NAMES[encoding]} may not.`;
}
