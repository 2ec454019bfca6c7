import type { StripeMode } from '../../../../common/stripe-keys';

/**
 * Inside a dialog that moves money: which Stripe mode it moves it in, in the mode's colour
 * (the red of the live-mode band, the gold of the test-mode one).
 */
export function ModeNotice({ mode, action }: { mode: StripeMode; action: string }) {
  if (mode === 'live') {
    return (
      <div className="money-mode money-mode-live" data-testid="money-mode" role="note">
        <strong>LIVE MODE</strong> — {action} real cards: real money moves.
      </div>
    );
  }
  return (
    <div className="money-mode money-mode-test" data-testid="money-mode" role="note">
      <strong>TEST MODE</strong> — {action} test cards: no real money moves.
    </div>
  );
}
