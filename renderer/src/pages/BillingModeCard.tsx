import { Button, TextContent } from '@patternfly/react-core';
import { SettingsCard } from '../components/FormCard';
import { useSettingsStore } from '../stores/settings-store';

const DESCRIPTIONS = {
  postpaid: 'In postpaid mode, all fixed fees as well as variable fees are billed at the end of the month.',
  prepaid:
    'In prepaid mode, all fixed fees and setup fees are billed immediately at the beginning of the month or at the beginning of any pro-rated billing period. Variable costs are always calculated at the end of the month.',
} as const;

export function BillingModeCard() {
  const mode = useSettingsStore((s) => s.view?.billingMode);
  const busy = useSettingsStore((s) => s.busy);
  const switchBillingMode = useSettingsStore((s) => s.switchBillingMode);
  if (!mode) return null;
  const other = mode === 'postpaid' ? 'PREPAID' : 'POSTPAID';
  return (
    <SettingsCard
      name="billing-mode"
      title="Billing mode"
      footer={
        <Button variant="danger" isDisabled={busy} onClick={() => void switchBillingMode()}>
          Switch to {other}
        </Button>
      }
    >
      <TextContent>
        <p data-testid="billing-mode-current">
          Current mode is <strong>{mode === 'postpaid' ? 'Postpaid' : 'Prepaid'}</strong>.
        </p>
        <p>{DESCRIPTIONS[mode]}</p>
      </TextContent>
    </SettingsCard>
  );
}
