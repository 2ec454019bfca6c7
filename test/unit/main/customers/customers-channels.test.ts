// The Customers screen's links leave the app only through main, and only to the URL main
// built from a checked id: the Stripe Dashboard and 3scale's admin portal.
import { describe, expect, it } from 'vitest';
import { customersChannels } from '../../../../main/customers/customers-channels';
import { CustomersScreen } from '../../../../main/customers/customers-screen';
import { NOT_CONNECTED, type ThreescaleAccess } from '../../../../main/customers/threescale-access';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { ThreescaleClient } from '../../../../main/threescale/threescale-client';
import { memoryCustomersCache } from '../../../support/memory-customers-cache';
import { testNativeShell } from '../../../support/test-native-shell';

function channels(access: ThreescaleAccess) {
  const native = testNativeShell({});
  const screen = new CustomersScreen({
    cache: memoryCustomersCache(),
    connection: null,
    activeKey: () => null,
    activeMode: () => 'live',
    providerId: () => '2445',
    threescale: () => access,
  });
  return { handlers: customersChannels(screen, native), opened: native.opened };
}

const CONNECTED: ThreescaleAccess = {
  connected: true,
  client: new ThreescaleClient({ adminDomain: { domain: 'acme-admin.3scale.net', origin: 'https://acme-admin.3scale.net' }, accessToken: 'tok-unit' }),
  adminDomain: 'acme-admin.3scale.net',
  providerId: '2445',
};

describe('customers channels', () => {
  it('opens a developer account in the admin portal of the saved connection', async () => {
    const { handlers, opened } = channels(CONNECTED);
    await handlers['customers:open-admin-portal']({ accountId: '2445582571001' });
    expect(opened).toEqual(['https://acme-admin.3scale.net/buyers/accounts/2445582571001']);
  });

  it('opens nothing for an id that is not numeric, or without a 3scale connection', async () => {
    const { handlers, opened } = channels(CONNECTED);
    await expect(handlers['customers:open-admin-portal']({ accountId: '7/../../admin' })).rejects.toBeInstanceOf(UserFacingError);
    const notConnected = channels({ connected: false, adminDomain: null, message: NOT_CONNECTED });
    await expect(notConnected.handlers['customers:open-admin-portal']({ accountId: '7' })).rejects.toThrow('Connect 3scale first');
    expect([...opened, ...notConnected.opened]).toEqual([]);
  });

  it('opens a customer in the Stripe Dashboard of the active mode', async () => {
    const { handlers, opened } = channels(CONNECTED);
    await handlers['customers:open-dashboard']({ customerId: 'cus_ABCDEF123456' });
    expect(opened).toEqual(['https://dashboard.stripe.com/customers/cus_ABCDEF123456']);
  });
});
