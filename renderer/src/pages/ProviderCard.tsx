import { ActionGroup, Button, Card, CardBody, CardTitle, Form, FormGroup, TextInput } from '@patternfly/react-core';
import type { FormEvent } from 'react';
import { FieldHelp } from '../components/FieldHelp';
import { useSettingsStore } from '../stores/settings-store';

/** Not on 3scale's page: who the provider is, so that Stripe customers can be matched to its developer accounts. */
export function ProviderCard() {
  const form = useSettingsStore((s) => s.form?.provider);
  const errors = useSettingsStore((s) => s.errors);
  const busy = useSettingsStore((s) => s.busy);
  const edit = useSettingsStore((s) => s.editProvider);
  const save = useSettingsStore((s) => s.saveProvider);
  if (!form) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };
  return (
    <Card id="provider-card" component="section" aria-labelledby="provider-title">
      <CardTitle id="provider-title" component="h2">
        3scale provider
      </CardTitle>
      <CardBody>
        <Form onSubmit={onSubmit} aria-labelledby="provider-title">
          <FormGroup label="Provider account ID" fieldId="provider-account-id">
            <TextInput
              id="provider-account-id"
              inputMode="numeric"
              value={form.accountId}
              validated={errors['provider.accountId'] ? 'error' : 'default'}
              aria-describedby="provider-account-id-help"
              onChange={(_e, text) => edit({ accountId: text })}
            />
            <FieldHelp
              id="provider-account-id"
              hint="The number 3scale writes in each Stripe customer's reference: 3scale-<PROVIDER_ID>-<DEVELOPER_ACCOUNT_ID>."
              error={errors['provider.accountId']}
            />
          </FormGroup>
          <FormGroup label="Provider name" fieldId="provider-name">
            <TextInput
              id="provider-name"
              value={form.name}
              validated={errors['provider.name'] ? 'error' : 'default'}
              aria-describedby="provider-name-help"
              onChange={(_e, text) => edit({ name: text })}
            />
            <FieldHelp id="provider-name" error={errors['provider.name']} />
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
