import { describe, expect, it } from 'vitest';
import { flattenForm } from '../../../../../../common/draft-form';
import { belongsTo, errorsWithout, fieldPath, formOf, pathErrors, savedForm } from '../../../../../../renderer/src/stores/settings/form';
import { settingsView } from '../../../../../support/fake-bridge';

describe('settings form', () => {
  it("names main's field errors by the field paths drafts use", () => {
    expect(fieldPath('billing', 'currency', '')).toBe('billing.currency');
    expect(fieldPath('gateway', 'type', '')).toBe('gateway.type');
    expect(fieldPath('gateway', 'public_key', 'braintree_blue')).toBe('gateway.braintree_blue.public_key');
    expect(fieldPath('gateway', 'login', 'authorize_net')).toBe('gateway.authorize_net.login');
    expect(fieldPath('gateway', 'live.endpoint_secret', 'stripe')).toBe('stripe.live.endpoint_secret');
    expect(pathErrors('webhook', { adminDomain: 'is not a domain' }, '')).toEqual({ 'webhook.adminDomain': 'is not a domain' });
    // Every path it names is a path of the flat form.
    const paths = Object.keys(flattenForm(formOf(settingsView())));
    for (const path of ['billing.currency', 'gateway.type', 'gateway.braintree_blue.public_key', 'gateway.authorize_net.login', 'stripe.live.endpoint_secret', 'webhook.adminDomain', 'provider.accountId']) {
      expect(paths).toContain(path);
    }
  });

  it('knows which card a path belongs to (the gateway card holds the Stripe keys)', () => {
    expect(belongsTo('gateway', 'stripe.test.login')).toBe(true);
    expect(belongsTo('gateway', 'gateway.type')).toBe(true);
    expect(belongsTo('gateway', 'billing.currency')).toBe(false);
    expect(belongsTo('provider', 'provider.name')).toBe(true);
  });

  it('drops errors without a new object when there is nothing to drop', () => {
    const errors = { 'billing.currency': 'x' };
    expect(errorsWithout(errors, (p) => p.startsWith('provider.'))).toBe(errors);
    expect(errorsWithout(errors, (p) => p.startsWith('billing.'))).toEqual({});
  });

  it('holds no secret from the saved view: secret fields start empty', () => {
    const view = settingsView((v) => {
      v.gateway = { type: 'braintree_blue', values: { public_key: 'pub', merchant_id: 'm', three_ds_enabled: true }, maskedSecrets: { private_key: 'pri…key' }, configured: true };
    });
    const gateway = savedForm.gateway(view);
    expect(gateway.gatewayType).toBe('braintree_blue');
    expect(gateway.gatewayValues.braintree_blue).toEqual({ public_key: 'pub', merchant_id: 'm', private_key: '', three_ds_enabled: true });
    expect(gateway.gatewayValues.authorize_net).toEqual({ login: '', password: '' });
    expect(gateway.stripeKeys.test).toEqual({ login: '', publishable_key: '', endpoint_secret: '' });
    expect(savedForm.webhook(view).webhook.accessToken).toBe('');
  });
});
