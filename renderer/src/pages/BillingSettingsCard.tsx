import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  TextArea,
} from '@patternfly/react-core';
import type { FormEvent } from 'react';
import { CURRENCIES, NUMBERING_PERIODS, type CurrencyCode, type NumberingPeriod } from '../../../common/billing-options';
import { FieldHelp } from '../components/FieldHelp';
import { useSettingsStore } from '../stores/settings-store';

const HINTS = {
  chargingEnabled:
    'Enables credit card transactions. When this setting is on, all due invoices will be charged using the selected payment gateway. If you leave this setting off, billing will take place and invoices will be issued, but no real transaction will take place.',
  currency:
    "Please make sure that the selected currency is supported by your payment gateway. If you are missing currency options, don't hesitate to contact us.",
  numberingPeriod: 'It will only change the friendly ID in invoices, not the billing period.',
} as const;

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

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };
  const invalid = (key: string) => (errors[`billing.${key}`] ? 'error' : 'default');

  return (
    <Card id="billing-settings-card" component="section" aria-labelledby="billing-settings-title">
      <CardTitle id="billing-settings-title" component="h2">
        Billing settings
      </CardTitle>
      <CardBody>
        <Form onSubmit={onSubmit} aria-labelledby="billing-settings-title">
          <FormGroup fieldId="charging-enabled">
            <Checkbox
              id="charging-enabled"
              label="Charging enabled"
              description={HINTS.chargingEnabled}
              isChecked={form.chargingEnabled}
              onChange={(_e, checked) => edit({ chargingEnabled: checked })}
            />
          </FormGroup>
          <FormGroup label="Currency" fieldId="currency">
            <FormSelect
              id="currency"
              value={form.currency}
              validated={invalid('currency')}
              aria-describedby="currency-help"
              onChange={(_e, value) => edit({ currency: value as CurrencyCode })}
            >
              {CURRENCIES.map((c) => (
                <FormSelectOption key={c.code} value={c.code} label={c.label} />
              ))}
            </FormSelect>
            <FieldHelp id="currency" hint={HINTS.currency} error={errors['billing.currency']} />
            {currencyWarning ? (
              <Alert variant="warning" isInline isPlain title={currencyWarning} data-testid="currency-warning" />
            ) : null}
          </FormGroup>
          <FormGroup label="Invoice footnote" fieldId="invoice-footnote">
            <TextArea
              id="invoice-footnote"
              rows={2}
              resizeOrientation="vertical"
              value={form.invoiceFootnote}
              validated={invalid('invoiceFootnote')}
              aria-describedby="invoice-footnote-help"
              onChange={(_e, value) => edit({ invoiceFootnote: value })}
            />
            <FieldHelp id="invoice-footnote" error={errors['billing.invoiceFootnote']} />
          </FormGroup>
          <FormGroup label="Text to show if VAT/Sales Tax is 0%" fieldId="vat-zero-text">
            <TextArea
              id="vat-zero-text"
              rows={2}
              resizeOrientation="vertical"
              value={form.vatZeroText}
              validated={invalid('vatZeroText')}
              aria-describedby="vat-zero-text-help"
              onChange={(_e, value) => edit({ vatZeroText: value })}
            />
            <FieldHelp id="vat-zero-text" error={errors['billing.vatZeroText']} />
          </FormGroup>
          <FormGroup label="Billing periods for invoice IDs" fieldId="numbering-period">
            <FormSelect
              id="numbering-period"
              value={form.numberingPeriod}
              aria-describedby="numbering-period-help"
              onChange={(_e, value) => edit({ numberingPeriod: value as NumberingPeriod })}
            >
              {NUMBERING_PERIODS.map((p) => (
                <FormSelectOption key={p.id} value={p.id} label={p.label} />
              ))}
            </FormSelect>
            <FieldHelp id="numbering-period" hint={HINTS.numberingPeriod} error={errors['billing.numberingPeriod']} />
          </FormGroup>
          <ActionGroup>
            <Button type="submit" variant="primary" isDisabled={busy}>
              Save
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
