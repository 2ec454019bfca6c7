import { Alert } from '@patternfly/react-core';
import { CURRENCIES, NUMBERING_PERIODS } from '../../../common/billing-options';
import { FormCard } from '../components/FormCard';
import { CheckboxField, SelectField, TextAreaField } from '../components/FormFields';
import { useSettingsStore } from '../stores/settings-store';

const HINTS = {
  chargingEnabled:
    'Enables credit card transactions. When this setting is on, all due invoices will be charged using the selected payment gateway. If you leave this setting off, billing will take place and invoices will be issued, but no real transaction will take place.',
  currency:
    "Please make sure that the selected currency is supported by your payment gateway. If you are missing currency options, don't hesitate to contact us.",
  numberingPeriod: 'It will only change the friendly ID in invoices, not the billing period.',
} as const;

const CURRENCY_OPTIONS = CURRENCIES.map((c) => ({ value: c.code, label: c.label }));
const PERIOD_OPTIONS = NUMBERING_PERIODS.map((p) => ({ value: p.id, label: p.label }));

export function BillingSettingsCard() {
  const form = useSettingsStore((s) => s.form?.billing);
  const errors = useSettingsStore((s) => s.errors);
  const busy = useSettingsStore((s) => s.busy);
  const edit = useSettingsStore((s) => s.editBilling);
  const save = useSettingsStore((s) => s.saveBilling);
  const currencyWarning = useSettingsStore((s) => {
    const view = s.view;
    if (!view || view.gateway.type !== 'stripe') return null;
    const verification = view.stripe.keySets[view.stripe.activeMode].verification;
    const supported = verification?.supportedCurrencies;
    if (!supported || supported.includes(view.billing.currency.toLowerCase())) return null;
    const account = verification.account;
    return `Stripe cannot charge in ${view.billing.currency} on the ${view.stripe.activeMode} account${account.name ? ` ${account.name}` : ''}${account.country ? ` (${account.country})` : ''}. Choose a currency it supports, such as ${supported.slice(0, 6).map((c) => c.toUpperCase()).join(', ')}.`;
  });
  if (!form) return null;

  return (
    <FormCard name="billing-settings" title="Billing settings" onSave={() => void save()} saving={busy}>
      <CheckboxField
        id="charging-enabled"
        label="Charging enabled"
        hint={HINTS.chargingEnabled}
        checked={form.chargingEnabled}
        onChange={(checked) => edit({ chargingEnabled: checked })}
      />
      <SelectField
        id="currency"
        label="Currency"
        value={form.currency}
        options={CURRENCY_OPTIONS}
        hint={HINTS.currency}
        error={errors['billing.currency']}
        onChange={(currency) => edit({ currency })}
      >
        {currencyWarning ? <Alert variant="warning" isInline isPlain title={currencyWarning} data-testid="currency-warning" /> : null}
      </SelectField>
      <TextAreaField
        id="invoice-footnote"
        label="Invoice footnote"
        value={form.invoiceFootnote}
        error={errors['billing.invoiceFootnote']}
        onChange={(invoiceFootnote) => edit({ invoiceFootnote })}
      />
      <TextAreaField
        id="vat-zero-text"
        label="Text to show if VAT/Sales Tax is 0%"
        value={form.vatZeroText}
        error={errors['billing.vatZeroText']}
        onChange={(vatZeroText) => edit({ vatZeroText })}
      />
      <SelectField
        id="numbering-period"
        label="Billing periods for invoice IDs"
        value={form.numberingPeriod}
        options={PERIOD_OPTIONS}
        hint={HINTS.numberingPeriod}
        error={errors['billing.numberingPeriod']}
        onChange={(numberingPeriod) => edit({ numberingPeriod })}
      />
    </FormCard>
  );
}
