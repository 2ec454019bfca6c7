// The Invoices feature's channels: the loaded month and its query, an invoice's details,
// "Charge now", "Mark as paid in 3scale", retry plans and runs, the run's CSV, and the
// admin portal / Stripe Dashboard pages (opened by main, URL checked).

import type { INVOICES_CHANNELS } from '../../common/contract/invoices';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { NativeShell } from '../native-shell';
import type { InvoicesFeature } from './invoices-feature';
import { paymentDashboardUrl } from './invoice-links';
import { STRIPE_DASHBOARD_HOST } from '../shared/external-url';

export function invoicesChannels(feature: InvoicesFeature, native: NativeShell): ChannelHandlers<typeof INVOICES_CHANNELS> {
  const { screen, runs } = feature;
  return {
    'invoices:get': () => screen.view(),
    'invoices:load': (query) => screen.load(query),
    'invoices:cancel-load': () => screen.cancelLoad(),
    'invoices:detail': ({ invoiceId }) => screen.detail(invoiceId),
    'invoices:charge': ({ invoiceId }) => screen.charge(invoiceId),
    'invoices:mark-paid': ({ invoiceId, paymentIntentId }) => screen.markPaid(invoiceId, paymentIntentId),
    'invoices:plan-retry': ({ invoiceIds }) => runs.plan(invoiceIds),
    'invoices:start-run': ({ planId, confirmCount }) => runs.start(planId, confirmCount),
    'invoices:run': () => runs.view(),
    'invoices:pause-run': () => runs.pause(),
    'invoices:resume-run': () => runs.resume(),
    'invoices:cancel-run': () => runs.cancel(),
    'invoices:export-run': async () => {
      const view = runs.view();
      const csv = runs.csv();
      if (!view || csv === null) return null;
      const savedTo = await native.saveFile('Export retry run', `retry-run-${view.runId}.csv`, csv, 'csv');
      return savedTo ? { savedTo } : null;
    },
    'invoices:open-admin': async ({ invoiceId }) => {
      await native.openExternal(screen.adminUrl(invoiceId), screen.adminDomain());
      return null;
    },
    'invoices:open-payment': async ({ paymentIntentId }) => {
      await native.openExternal(paymentDashboardUrl(paymentIntentId, feature.activeMode()), STRIPE_DASHBOARD_HOST);
      return null;
    },
  };
}
