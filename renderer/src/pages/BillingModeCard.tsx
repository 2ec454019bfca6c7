import { Button, Card, CardBody, CardFooter, CardTitle, TextContent } from '@patternfly/react-core';
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
    <Card id="billing-mode-card" component="section" aria-labelledby="billing-mode-title">
      <CardTitle id="billing-mode-title" component="h2">
        Billing mode
      </CardTitle>
      <CardBody>
        <TextContent>
          <p data-testid="billing-mode-current">
            Current mode is <strong>{mode === 'postpaid' ? 'Postpaid' : 'Prepaid'}</strong>.
          </p>
          <p>{DESCRIPTIONS[mode]}</p>
        </TextContent>
      </CardBody>
      <CardFooter>
        <Button variant="danger" isDisabled={busy} onClick={() => void switchBillingMode()}>
          Switch to {other}
        </Button>
      </CardFooter>
    </Card>
  );
}
