// The Customers screen's channels: its view, the load and its cancel, the CSV export
// a customer's Stripe Dashboard page and a developer account's page in 3scale's admin portal.

import type { CUSTOMERS_CHANNELS } from '../../common/contract/customers';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { NativeShell } from '../native-shell';
import type { CustomersScreen } from './customers-screen';
import { STRIPE_DASHBOARD_HOST } from '../shared/external-url';

export function customersChannels(customers: CustomersScreen, native: NativeShell): ChannelHandlers<typeof CUSTOMERS_CHANNELS> {
  return {
    'customers:get': () => customers.view(),
    'customers:load': () => customers.load(),
    'customers:cancel': () => customers.cancel(),
    'customers:export': async () => {
      const mode = customers.view().mode;
      const savedTo = await native.saveFile('Export customers', `stripe-customers-${mode}.csv`, customers.csv(), 'csv');
      return savedTo ? { savedTo } : null;
    },
    'customers:open-dashboard': async ({ customerId }) => {
      await native.openExternal(customers.dashboardUrl(customerId), STRIPE_DASHBOARD_HOST);
      return null;
    },
    'customers:open-admin-portal': async ({ accountId }) => {
      await native.openExternal(customers.adminPortalUrl(accountId), customers.adminDomain());
      return null;
    },
  };
}
