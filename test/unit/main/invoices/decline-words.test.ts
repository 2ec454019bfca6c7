import { describe, expect, it } from 'vitest';
import { declineText, isHardDecline, needsAuthentication } from '../../../../main/invoices/decline-words';

describe('decline codes in plain words', () => {
  it.each([
    ['insufficient_funds', 'Insufficient funds'],
    ['authentication_required', 'The developer must authenticate this payment'],
    ['generic_decline', 'The card was declined'],
    ['lost_card', 'The card was reported lost'],
    ['stolen_card', 'The card was reported stolen'],
    ['expired_card', 'The card has expired'],
    ['do_not_honor', 'Declined by the bank for an unknown reason'],
  ])('%s → %s', (code, words) => {
    expect(declineText(code)).toBe(words);
  });

  it('says an unknown code readably, and nothing for no code', () => {
    expect(declineText('some_new_code')).toBe('Declined (some new code)');
    expect(declineText(null)).toBeNull();
  });

  it('tells hard declines (do not retry the card) from soft ones', () => {
    for (const code of ['lost_card', 'stolen_card', 'pickup_card', 'fraudulent', 'do_not_try_again', 'expired_card']) expect(isHardDecline(code)).toBe(true);
    for (const code of ['insufficient_funds', 'generic_decline', 'try_again_later', 'authentication_required', null]) expect(isHardDecline(code)).toBe(false);
  });

  it('knows when the developer must act', () => {
    expect(needsAuthentication('authentication_required', 'requires_payment_method')).toBe(true);
    expect(needsAuthentication(null, 'requires_action')).toBe(true);
    expect(needsAuthentication('insufficient_funds', 'requires_payment_method')).toBe(false);
  });
});
