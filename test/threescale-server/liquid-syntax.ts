// CMS::Template#check_liquid_syntax: porta parses a draft with Liquid before saving it and
// answers 422 {"errors":{"draft":["Liquid syntax error: …"]}} when it cannot. Only the
// tokenizer's refusals are modelled (Liquid::Tokenizer, TemplateParser): a "{%" with no "%}"
// after it, a "{{" with no "}" after it. Porta's other refusals (an unknown tag, an unclosed
// block) need its whole tag set and are not reproduced.

export function liquidSyntaxError(draft: string): string | null {
  if (/\{%(?![\s\S]*%\})/.test(draft)) return "Liquid syntax error: Tag '{%' was not properly terminated with regexp: /\\%\\}/";
  if (/\{\{(?![\s\S]*\})/.test(draft)) return "Liquid syntax error: Variable '{{' was not properly terminated with regexp: /\\}\\}/";
  return null;
}
