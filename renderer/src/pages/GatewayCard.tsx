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
  TextInput,
} from '@patternfly/react-core';
import type { FormEvent } from 'react';
import { GATEWAYS, deprecationWarning, type GatewayField, type GatewayId } from '../../../common/gateways';
import { FieldHelp } from '../components/FieldHelp';
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
  const selected = GATEWAYS.find((g) => g.id === type);
  const values = type ? allValues?.[type] : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <Card id="gateway-card" component="section" aria-labelledby="gateway-title">
      <CardTitle id="gateway-title" component="h2">
        Credit card gateway
      </CardTitle>
      <CardBody>
        <Form onSubmit={onSubmit} aria-labelledby="gateway-title">
          <FormGroup label="Gateway" fieldId="gateway-type">
            <FormSelect
              id="gateway-type"
              value={type}
              validated={errors['gateway.type'] ? 'error' : 'default'}
              aria-describedby="gateway-type-help"
              onChange={(_e, value) => chooseGateway(value as GatewayId | '')}
            >
              <FormSelectOption value="" label="Choose one" />
              {offered.map((g) => (
                <FormSelectOption key={g.id} value={g.id} label={g.label} />
              ))}
            </FormSelect>
            <FieldHelp id="gateway-type" hint={GATEWAY_HINT} error={errors['gateway.type']} />
          </FormGroup>
          {!view.gateway.configured ? (
            <Alert
              variant="warning"
              isInline
              title="No invoice can be charged until a gateway is saved with all its fields (missing payment gateway setting)."
              data-testid="gateway-not-configured"
            />
          ) : null}
          {selected?.deprecated ? (
            <Alert variant="warning" isInline isPlain title={deprecationWarning(selected.id)} />
          ) : null}
          {selected?.id === 'stripe' ? <StripeKeysGroup view={view} /> : null}
          {selected && values && selected.id !== 'stripe'
            ? selected.fields.map((field) => {
                const id = fieldId(selected.id, field);
                const value = values[field.key];
                if (field.kind === 'checkbox') {
                  return (
                    <FormGroup key={id} fieldId={id}>
                      <Checkbox
                        id={id}
                        label={field.label}
                        description={field.hint}
                        isChecked={value === true}
                        onChange={(_e, checked) => editField(field.key, checked)}
                      />
                    </FormGroup>
                  );
                }
                const masked = savedType === selected.id && field.secret ? view.gateway.maskedSecrets[field.key] : null;
                const drafted = field.secret && value === '' ? draftMasks[`gateway.${selected.id}.${field.key}`] : undefined;
                const hint = drafted
                  ? `Typed earlier and kept in the draft, not saved yet: ${drafted}. Save or Apply to use it.`
                  : masked
                    ? `Saved: ${masked}. Leave empty to keep it, or type a new one to replace it.`
                    : field.hint;
                return (
                  <FormGroup key={id} label={field.label} fieldId={id}>
                    <TextInput
                      id={id}
                      type={field.secret ? 'password' : 'text'}
                      autoComplete="off"
                      spellCheck={false}
                      value={typeof value === 'string' ? value : ''}
                      {...(masked ? { placeholder: masked } : {})}
                      validated={errors[`gateway.${selected.id}.${field.key}`] ? 'error' : 'default'}
                      aria-describedby={`${id}-help`}
                      onChange={(_e, text) => editField(field.key, text)}
                    />
                    <FieldHelp id={id} hint={hint} error={errors[`gateway.${selected.id}.${field.key}`]} />
                  </FormGroup>
                );
              })
            : null}
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
