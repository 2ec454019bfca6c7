import { Alert } from '@patternfly/react-core';
import { GATEWAYS, deprecationWarning, type GatewayField, type GatewayId } from '../../../common/gateways';
import { FormCard } from '../components/FormCard';
import { CheckboxField, SelectField, TextField } from '../components/FormFields';
import { useSettingsStore } from '../stores/settings-store';
import { StripeKeysGroup } from './StripeKeysGroup';

/** Stable empty value: a new {} per render would make the store selector loop. */
const NO_MASKS: Record<string, string> = {};

const GATEWAY_HINT = 'Select your credit card gateway and configure it with the details of your merchant account.';

function fieldId(gateway: GatewayId, field: GatewayField): string {
  return `${gateway}-${field.key}`.replace(/_/g, '-');
}

export function GatewayCard() {
  const view = useSettingsStore((s) => s.view);
  const type = useSettingsStore((s) => s.form?.gatewayType ?? '');
  const allValues = useSettingsStore((s) => s.form?.gatewayValues);
  const errors = useSettingsStore((s) => s.errors);
  const busy = useSettingsStore((s) => s.busy);
  const chooseGateway = useSettingsStore((s) => s.chooseGateway);
  const editField = useSettingsStore((s) => s.editGatewayField);
  const save = useSettingsStore((s) => s.saveGateway);
  const draftMasks = useSettingsStore((s) => s.draft?.draftSecretMasks ?? NO_MASKS);
  if (!view) return null;

  const savedType = view.gateway.type;
  // A deprecated gateway is offered only while it is the saved one.
  const offered = GATEWAYS.filter((g) => !g.deprecated || g.id === savedType);
  const options = [{ value: '' as const, label: 'Choose one' }, ...offered.map((g) => ({ value: g.id, label: g.label }))];
  const selected = GATEWAYS.find((g) => g.id === type);
  const values = type ? allValues?.[type] : undefined;

  return (
    <FormCard name="gateway" title="Credit card gateway" onSave={() => void save()} saving={busy}>
      <SelectField<GatewayId | ''>
        id="gateway-type"
        label="Gateway"
        value={type}
        options={options}
        hint={GATEWAY_HINT}
        error={errors['gateway.type']}
        onChange={chooseGateway}
      />
      {!view.gateway.configured ? (
        <Alert
          variant="warning"
          isInline
          title="No invoice can be charged until a gateway is saved with all its fields (missing payment gateway setting)."
          data-testid="gateway-not-configured"
        />
      ) : null}
      {selected?.deprecated ? <Alert variant="warning" isInline isPlain title={deprecationWarning(selected.id)} /> : null}
      {selected?.id === 'stripe' ? <StripeKeysGroup view={view} /> : null}
      {selected && values && selected.id !== 'stripe'
        ? selected.fields.map((field) => {
            const id = fieldId(selected.id, field);
            const value = values[field.key];
            if (field.kind === 'checkbox') {
              return (
                <CheckboxField
                  key={id}
                  id={id}
                  label={field.label}
                  hint={field.hint}
                  checked={value === true}
                  onChange={(checked) => editField(field.key, checked)}
                />
              );
            }
            const path = `gateway.${selected.id}.${field.key}`;
            const masked = savedType === selected.id && field.secret ? view.gateway.maskedSecrets[field.key] : null;
            const drafted = field.secret && value === '' ? draftMasks[path] : undefined;
            const hint = drafted
              ? `Typed earlier and kept in the draft, not saved yet: ${drafted}. Save or Apply to use it.`
              : masked
                ? `Saved: ${masked}. Leave empty to keep it, or type a new one to replace it.`
                : field.hint;
            return (
              <TextField
                key={id}
                id={id}
                label={field.label}
                secret={field.secret}
                verbatim
                value={typeof value === 'string' ? value : ''}
                placeholder={masked}
                hint={hint}
                error={errors[path]}
                onChange={(text) => editField(field.key, text)}
              />
            );
          })
        : null}
    </FormCard>
  );
}
