// The text encodings a template file may be read in, shared by main (which detects and
// writes them) and the renderer (which says which one a file was read in).

export const TEMPLATE_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TemplateEncoding = (typeof TEMPLATE_ENCODINGS)[number];

export const ENCODING_NAMES: Record<TemplateEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a byte-order mark',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Latin-1 (Windows-1252)',
};
