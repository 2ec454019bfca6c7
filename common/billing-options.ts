// Option lists of the "Billing settings" card, shared by main (validation) and the
// renderer (labels). Texts are 3scale's, word for word.

export const BILLING_MODES = ['postpaid', 'prepaid'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];

export const NUMBERING_PERIODS = [
  { id: 'monthly', label: 'Monthly (YYYY-MM-XXXXXXXX)' },
  { id: 'yearly', label: 'Yearly (YYYY-XXXXXXXX)' },
] as const;
export type NumberingPeriod = (typeof NUMBERING_PERIODS)[number]['id'];

/** USD and EUR are always offered; the rest are the extras a 3scale deployment may add. */
export const CURRENCIES = [
  { code: 'USD', label: 'USD - American Dollar' },
  { code: 'EUR', label: 'EUR - Euro' },
  { code: 'GBP', label: 'GBP - British Pound' },
  { code: 'NZD', label: 'NZD - New Zealand Dollar' },
  { code: 'CNY', label: 'CNY - Chinese Yuan Renminbi' },
  { code: 'CAD', label: 'CAD - Canadian Dollar' },
  { code: 'AUD', label: 'AUD - Australian Dollar' },
  { code: 'JPY', label: 'JPY - Japanese Yen' },
  { code: 'CHF', label: 'CHF - Swiss Franc' },
  { code: 'SAR', label: 'SAR - Saudi Riyal' },
] as const;
export type CurrencyCode = (typeof CURRENCIES)[number]['code'];

export const INVOICE_FOOTNOTE_MAX = 2000;
export const VAT_ZERO_TEXT_MAX = 255;
