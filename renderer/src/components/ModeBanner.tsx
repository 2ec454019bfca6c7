import { Banner } from '@patternfly/react-core';
import type { StripeMode } from '../../../common/stripe-keys';

/**
 * Which Stripe mode is active, on every screen: an orange test-mode band in Stripe's
 * manner, and an unmistakable red band in live mode.
 */
export function ModeBanner({ mode }: { mode: StripeMode }) {
  if (mode === 'live') {
    return (
      <Banner variant="red" className="mode-banner mode-banner-live" data-testid="mode-banner" role="status">
        <strong>LIVE MODE</strong> — Stripe calls use real cards and real money.
      </Banner>
    );
  }
  return (
    <Banner variant="gold" className="mode-banner mode-banner-test" data-testid="mode-banner" role="status">
      <strong>TEST MODE</strong> — Stripe calls use your test keys: no real money moves.
    </Banner>
  );
}
