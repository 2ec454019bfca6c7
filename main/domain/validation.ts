// Checks of what the user submits, with 3scale's messages where 3scale has one and a
// plain, specific one where it had none. Field errors are keyed by form field.

import { CURRENCIES, INVOICE_FOOTNOTE_MAX, VAT_ZERO_TEXT_MAX } from '../../common/billing-options';
import { GATEWAYS, type GatewayDefinition, type GatewayId } from '../../common/gateways';
import type { BillingSettings, GatewaySaveRequest, GatewayValues } from '../../common/ipc-contract';
import { containsSecret } from './masking';

export const MESSAGES = {
  financeSaved: 'Finance settings updated',
  financeSavedNumberingChanged: "Finance settings updated. Already existent invoices won't change their id",
  financeInvalid: 'Invalid finance settings',
  providerSaved: 'Provider details were saved',
  providerInvalid: 'Provider details were not saved: correct the marked fields',
  gatewaySaved: 'Payment gateway details were successfully saved',
  gatewayInvalid: 'Failed to save payment gateway details. Choose a payment gateway or disable charging',
  gatewayNotSaved: 'Payment gateway details were not saved.',
  keptAsDraft:
    'Stripe cannot be reached, so the keys cannot be verified. Your changes are kept as a draft and will be verified and applied when Stripe can be reached.',
  blank: "can't be blank",
  notInList: 'is not included in the list',
  chooseGateway: 'Choose a payment gateway',
  unprintable: 'contains control characters that cannot be printed on an invoice',
  tooLong: (max: number) => `is too long (maximum is ${max} characters)`,
  lineBreak: 'must be on one line: remove the line break',
  /** A Stripe secret pasted into a plain field: refused so that it is never stored in clear. */
  secretInPlainField: (where: string) => `This looks like a Stripe secret key; it would be ${where} in clear`,
  deprecatedGateway: (label: string) =>
    `${label} has been deprecated and can no longer be chosen. Choose another gateway.`,
} as const;

export const GATEWAY_FIELD_MAX = 500;
export const PROVIDER_NAME_MAX = 255;

/** The provider account ID is what 3scale puts in 3scale-<PROVIDER_ID>-<DEVELOPER_ACCOUNT_ID>. */
export function validateProvider(input: { accountId: string; name: string }): FieldErrors {
  const errors: FieldErrors = {};
  const id = input.accountId.trim();
  if (id !== '' && !/^[1-9][0-9]{0,17}$/.test(id)) {
    errors.accountId = /^0+$/.test(id)
      ? 'must be a positive whole number: 0 is not an account ID'
      : /^0/.test(id)
        ? 'must not start with 0: 3scale writes account IDs without leading zeros'
        : 'must be a whole number of up to 18 digits (your provider account ID in 3scale)';
  }
  const name = checkText(input.name.trim(), PROVIDER_NAME_MAX, 'stored and shown as the provider name');
  if (name) errors.name = name;
  return errors;
}

export type FieldErrors = Record<string, string>;

// Tab and line breaks are fine in a footnote; other control characters are not.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** `secretWhere` completes "it would be … in clear" for a plain field; null for a field that is sealed. */
function checkText(value: string, max: number, secretWhere: string | null): string | undefined {
  if (secretWhere !== null && containsSecret(value)) return MESSAGES.secretInPlainField(secretWhere);
  if (CONTROL_CHARS.test(value)) return MESSAGES.unprintable;
  if (value.length > max) return MESSAGES.tooLong(max);
  return undefined;
}

export function validateBilling(input: BillingSettings): FieldErrors {
  const errors: FieldErrors = {};
  if (!CURRENCIES.some((c) => c.code === input.currency)) errors.currency = MESSAGES.notInList;
  const footnote = checkText(input.invoiceFootnote, INVOICE_FOOTNOTE_MAX, 'stored and printed on invoices');
  if (footnote) errors.invoiceFootnote = footnote;
  const vat = checkText(input.vatZeroText, VAT_ZERO_TEXT_MAX, 'stored and printed on invoices');
  if (vat) errors.vatZeroText = vat;
  return errors;
}

export interface SavedGateway {
  type: GatewayId | null;
  /** Secret fields with a saved value. */
  savedSecretKeys: ReadonlySet<string>;
}

export interface CheckedGateway {
  definition: GatewayDefinition;
  /** Trimmed values; a secret left empty to keep the saved one is absent. */
  values: GatewayValues;
}

export type GatewayCheck = { ok: true; gateway: CheckedGateway } | { ok: false; fieldErrors: FieldErrors };

export function validateGateway(request: GatewaySaveRequest, saved: SavedGateway): GatewayCheck {
  if (request.type === null) return { ok: false, fieldErrors: { type: MESSAGES.chooseGateway } };
  const definition = GATEWAYS.find((g) => g.id === request.type);
  if (!definition) return { ok: false, fieldErrors: { type: MESSAGES.notInList } };
  if (definition.deprecated && saved.type !== definition.id) {
    return { ok: false, fieldErrors: { type: MESSAGES.deprecatedGateway(definition.label) } };
  }
  const sameGateway = saved.type === definition.id;
  const errors: FieldErrors = {};
  const values: GatewayValues = {};
  for (const field of definition.fields) {
    const raw = request.values[field.key];
    if (field.kind === 'checkbox') {
      values[field.key] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      // An empty secret input means "keep the saved one" (the form never holds it).
      const keepsSaved = field.secret && sameGateway && saved.savedSecretKeys.has(field.key);
      if (!keepsSaved) errors[field.key] = MESSAGES.blank;
      continue;
    }
    const problem = /[\r\n]/.test(text) ? MESSAGES.lineBreak : checkText(text, GATEWAY_FIELD_MAX, field.secret ? null : `stored in ${field.label}`);
    if (problem) errors[field.key] = problem;
    else values[field.key] = text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, gateway: { definition, values } };
}
