import { FormCard } from '../components/FormCard';
import { TextField } from '../components/FormFields';
import { useSettingsStore } from '../stores/settings-store';

/** Not on 3scale's page: who the provider is, so that Stripe customers can be matched to its developer accounts. */
export function ProviderCard() {
  const form = useSettingsStore((s) => s.form?.provider);
  const errors = useSettingsStore((s) => s.errors);
  const busy = useSettingsStore((s) => s.busy);
  const edit = useSettingsStore((s) => s.editProvider);
  const save = useSettingsStore((s) => s.saveProvider);
  if (!form) return null;
  return (
    <FormCard name="provider" title="3scale provider" onSave={() => void save()} saving={busy}>
      <TextField
        id="provider-account-id"
        label="Provider account ID"
        inputMode="numeric"
        value={form.accountId}
        hint="The number 3scale writes in each Stripe customer's reference: 3scale-<PROVIDER_ID>-<DEVELOPER_ACCOUNT_ID>."
        error={errors['provider.accountId']}
        onChange={(accountId) => edit({ accountId })}
      />
      <TextField id="provider-name" label="Provider name" value={form.name} error={errors['provider.name']} onChange={(name) => edit({ name })} />
    </FormCard>
  );
}
