// Billing settings and the billing mode: plain values, validated, applied through the
// writer, each applied change logged once.

import { NUMBERING_PERIODS, type BillingMode } from '../../common/billing-options';
import type { BillingSettings, FinanceLogChange } from '../../common/ipc-contract';
import type { SettingsDocument } from './settings-document';
import type { SettingsWriter } from './settings-writer';
import { UserFacingError } from './user-facing-error';
import { MESSAGES, validateBilling } from './validation';

const BILLING_LABELS: Record<keyof BillingSettings, string> = {
  chargingEnabled: 'Charging enabled',
  currency: 'Currency',
  invoiceFootnote: 'Invoice footnote',
  vatZeroText: 'Text to show if VAT/Sales Tax is 0%',
  numberingPeriod: 'Billing periods for invoice IDs',
};

function describeBillingValue(key: keyof BillingSettings, value: BillingSettings[keyof BillingSettings]): string {
  if (key === 'chargingEnabled') return value ? 'on' : 'off';
  if (key === 'numberingPeriod') return NUMBERING_PERIODS.find((p) => p.id === value)?.label ?? String(value);
  return String(value);
}

export class BillingSettingsService {
  constructor(private readonly writer: SettingsWriter) {}

  saveBilling(input: BillingSettings): { doc: SettingsDocument; message: string } {
    const fieldErrors = validateBilling(input);
    if (Object.keys(fieldErrors).length > 0) throw new UserFacingError('invalid_input', MESSAGES.financeInvalid, fieldErrors);
    const { doc, result: message } = this.writer.apply((current) => {
      const changes: FinanceLogChange[] = [];
      for (const key of Object.keys(BILLING_LABELS) as (keyof BillingSettings)[]) {
        const from = describeBillingValue(key, current.billing[key]);
        const to = describeBillingValue(key, input[key]);
        if (from !== to) changes.push({ field: BILLING_LABELS[key], from, to });
      }
      const numberingChanged = current.billing.numberingPeriod !== input.numberingPeriod;
      current.billing = { ...input };
      return {
        kind: 'logged',
        summary: MESSAGES.financeSaved,
        changes,
        result: numberingChanged ? MESSAGES.financeSavedNumberingChanged : MESSAGES.financeSaved,
      };
    });
    return { doc, message };
  }

  switchBillingMode(to: BillingMode): { doc: SettingsDocument; message: string } {
    const summary = `Billing mode changed to ${to}`;
    const { doc } = this.writer.apply((current) => {
      const from = current.billingMode;
      current.billingMode = to;
      return { kind: 'logged', summary, changes: from === to ? [] : [{ field: 'Billing mode', from, to }], result: null };
    });
    return { doc, message: summary };
  }
}
