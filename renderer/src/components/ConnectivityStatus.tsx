import { Button, Label } from '@patternfly/react-core';
import { useSettingsStore } from '../stores/settings-store';

/**
 * Whether Stripe can be reached, as main knows it: main probes with backoff and says when
 * it changes; the settings store has it from the first page's request and those events.
 */
export function ConnectivityStatus() {
  const connectivity = useSettingsStore((s) => s.connectivity);
  const refresh = useSettingsStore((s) => s.refreshConnectivity);
  if (!connectivity || connectivity.online === null) {
    return (
      <Label color="grey" data-testid="connectivity">
        Checking Stripe…
      </Label>
    );
  }
  if (connectivity.online) {
    return (
      <Label color="green" data-testid="connectivity">
        Stripe reachable
      </Label>
    );
  }
  return (
    <span className="connectivity-offline">
      <Label color="red" data-testid="connectivity">
        Offline: Stripe cannot be reached
      </Label>
      <Button variant="link" isInline className="connectivity-retry" onClick={() => void refresh(true)}>
        Retry now
      </Button>
    </span>
  );
}
