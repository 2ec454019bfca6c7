// How large a portal template Billing Desk takes: a real "Payment Gateway / Show" is a few
// kilobytes; a megabyte is far beyond any. The renderer refuses a larger paste next to the
// field, before sending it; main's payload check refuses it again.
export const TEMPLATE_MAX_CHARS = 1024 * 1024;

/** The sentence shown next to the field when a template is too large. */
export function templateTooLargeMessage(chars: number): string {
  const size = chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.round(chars / 1024)} KB`;
  return `This text is ${size}; Billing Desk checks templates up to 1 MB (a portal template is a few kilobytes). It was not checked: make sure you pasted the "Payment Gateway / Show" template only.`;
}
