// Wires the pure domain into the handler table. Imports nothing from Electron, so the
// Chromium test harness builds the very same table in plain Node.

import { SettingsService } from './domain/settings-service';
import { DraftKeeper } from './domain/draft-keeper';
import { CustomersScreen, type CustomersCache, type CustomersScreenDeps } from './customers/customers-screen';
import type { NativeShell } from './native-shell';
import type { DraftStore } from './persistence/draft-file';
import { ConnectivityMonitor, type ConnectivityOptions } from './stripe/connectivity';
import { SettingsRepository, type DocumentStore } from './domain/settings-repository';
import { SecretVault, type Encryptor } from './domain/vault';
import { customersChannels } from './customers/customers-channels';
import { draftChannels } from './domain/draft-channels';
import { financeLogChannels } from './domain/finance-log-channels';
import { settingsChannels } from './domain/settings-channels';
import type { DispatchOptions } from './ipc/dispatch';
import { createEventHub, type EventHub } from './ipc/events';
import type { HandlerTable } from './ipc/handler-table';
import { createSenderPolicy } from './ipc/sender-policy';
import { connectivityChannels } from './stripe/connectivity-channels';
import { stripeChannels } from './stripe/stripe-channels';
import { templateChannels } from './template/template-channels';
import { parseApiBase } from './stripe/stripe-connection';
import { StripeService, type StripeServiceOptions } from './stripe/stripe-service';
import { threescaleAccess } from './customers/threescale-access';
import { parseBaseUrlOverride } from './threescale/admin-domain';
import { createThreescaleVerifier } from './threescale/connection';
import { ThreescaleConnectionService } from './threescale/connection-service';
import { createThreescaleSettingsPort } from './threescale/settings-port';
import { threescaleChannels } from './threescale/threescale-channels';
import { draftedConnection, ThreescaleAutoVerify, type AutoVerifyDeps } from './threescale/auto-verify';
import { createPortalTemplateService, portalTemplateChannels } from './threescale/portal-template-channels';
import { invoicesChannels } from './invoices/invoices-channels';
import { createInvoicesFeature } from './invoices/invoices-feature';
import type { SessionTuning } from './invoices/invoices-session';
import { createMonthEndScreen, monthEndChannels, type MonthEndTuning } from './month-end/month-end-channels';
import os from 'node:os';
import path from 'node:path';
import { startupChannels } from './startup/startup-channels';

export interface AppCoreOptions {
  store: DocumentStore;
  /** Dialogs and clipboard: Electron's in the app, a stand-in in tests. */
  native: NativeShell;
  customersCache: CustomersCache;
  customerLoaderOptions?: CustomersScreenDeps['loaderOptions'];
  drafts: DraftStore;
  /** What to tell the user about the settings files (kept aside, unreadable), read at every view. */
  storeNotice?: string | null | (() => string | null);
  /** Electron's net.isOnline, where there is one. */
  isOsOnline?: () => boolean;
  connectivityOptions?: Omit<ConnectivityOptions, 'connection' | 'isOsOnline' | 'onChange'>;
  encryptor: Encryptor;
  osUser: string;
  /** Origins whose frames may call main (the app's own pages). */
  allowedOrigins: readonly string[];
  logError?: (text: string) => void;
  now?: () => Date;
  /** BILLING_DESK_STRIPE_API_BASE: a Stripe-compatible server instead of api.stripe.com. */
  stripeApiBase?: string | undefined;
  /** Timeouts and backoff of Stripe calls (tests shorten them). */
  stripeOptions?: Omit<StripeServiceOptions, 'connection'>;
  /** BILLING_DESK_3SCALE_BASE_URL: a 3scale-compatible server instead of the admin domain. */
  threescaleBaseUrl?: string | undefined;
  /** Where retry runs keep their journal (the app's data folder); default a folder in the OS temp dir. */
  invoicesDataDir?: string;
  /** Rate limits, timeouts and waits of the Invoices feature (tests and benchmarks shorten them). */
  invoicesTuning?: SessionTuning;
  /** Where closed months are kept (the app's data folder); default a folder in the OS temp dir. */
  monthEndDataDir?: string;
  monthEndTuning?: MonthEndTuning;
  /** The waits of the 3scale connection's verification once 3scale can be reached (tests shorten them). */
  threescaleAutoVerifyBackoffMs?: AutoVerifyDeps['backoffMs'];
}

export interface AppCore {
  service: SettingsService;
  connectivity: ConnectivityMonitor;
  /** Verifies a connection left in the draft once 3scale can be reached; the shell starts and stops it with connectivity. */
  threescaleAutoVerify: ThreescaleAutoVerify;
  /** What main pushes to the renderer: the shell subscribes the window (or the test page). */
  events: EventHub;
  dispatchOptions: DispatchOptions;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? (() => new Date());
  const connection = parseApiBase(options.stripeApiBase);
  const events = createEventHub(options.logError);
  const connectivity = new ConnectivityMonitor({
    ...options.connectivityOptions,
    connection,
    onChange: (view) => events.send('connectivity:changed', view),
    ...(options.isOsOnline ? { isOsOnline: options.isOsOnline } : {}),
  });
  const vault = new SecretVault(options.encryptor);
  const drafts = new DraftKeeper(options.drafts, vault, now);
  const service = new SettingsService({
    repository: new SettingsRepository(options.store),
    vault,
    stripe: new StripeService({
      ...options.stripeOptions,
      connection,
      onReachability: (reachable, detail) =>
        reachable ? connectivity.reportReachable() : connectivity.reportUnreachable(detail),
    }),
    drafts,
    storeNotice: options.storeNotice ?? null,
    osUser: options.osUser,
    now,
  });
  const threescaleSettings = createThreescaleSettingsPort({ writer: service.writer, vault, drafts });
  const threescaleBaseUrl = parseBaseUrlOverride(options.threescaleBaseUrl);
  const customers = new CustomersScreen({
    cache: options.customersCache,
    connection,
    activeKey: () => service.activeStripeSecretKey(),
    activeMode: () => service.activeStripeMode(),
    providerId: () => service.providerAccountId(),
    threescale: () => threescaleAccess(threescaleSettings.read(), threescaleBaseUrl),
    now,
    onLoadChange: (state) => events.send('customers:load-progress', state),
    ...(options.customerLoaderOptions ? { loaderOptions: options.customerLoaderOptions } : {}),
  });
  const threescale = new ThreescaleConnectionService(
    // Writes through the settings service's one writer, like every other change to the settings.
    threescaleSettings,
    createThreescaleVerifier({ baseUrlOverride: options.threescaleBaseUrl, now }),
    () => threescaleAutoVerify.unreachable(),
  );
  const threescaleAutoVerify = new ThreescaleAutoVerify({
    pending: () => {
      const doc = service.writer.read();
      return draftedConnection(drafts.view(doc), doc.stripe.webhook.adminDomain);
    },
    connect: (input) => threescale.connect(input),
    onOutcome: (outcome) => events.send('threescale:auto-verified', outcome),
    ...(options.threescaleAutoVerifyBackoffMs ? { backoffMs: options.threescaleAutoVerifyBackoffMs } : {}),
    ...(options.logError ? { logError: options.logError } : {}),
  });
  const invoices = createInvoicesFeature({
    connection,
    activeKey: () => service.activeStripeSecretKey(),
    activeMode: () => service.activeStripeMode(),
    threescale: () => threescaleSettings.read(),
    providerId: () => service.providerAccountId(),
    threescaleBaseUrl: options.threescaleBaseUrl,
    ...(options.invoicesTuning ? { tuning: options.invoicesTuning } : {}),
    journalDir: options.invoicesDataDir ?? path.join(os.tmpdir(), `billing-desk-invoice-runs-${process.pid}`),
    now,
    onLoadChange: (state) => events.send('invoices:load-progress', state),
    onRunChange: (view) => events.send('invoices:run-progress', view),
    financeLog: (entry) => service.writer.apply(() => ({ kind: 'logged', summary: entry.summary, changes: entry.changes, result: null })),
  });
  // One line per feature; the type names every channel of the contract, so a feature
  // left out does not compile.
  const table: HandlerTable = {
    ...settingsChannels(service),
    ...stripeChannels(service),
    ...draftChannels(service),
    ...financeLogChannels(service),
    ...connectivityChannels(connectivity),
    ...templateChannels(options.native),
    ...customersChannels(customers, options.native),
    ...threescaleChannels(threescale),
    ...invoicesChannels(invoices, options.native),
    ...monthEndChannels(
      createMonthEndScreen({
        connection,
        activeKey: () => service.activeStripeSecretKey(),
        activeMode: () => service.activeStripeMode(),
        threescale: () => threescaleSettings.read(),
        threescaleBaseUrl: options.threescaleBaseUrl,
        dataDir: options.monthEndDataDir ?? path.join(os.tmpdir(), `billing-desk-month-end-${process.pid}`),
        tuning: options.monthEndTuning,
        now,
        onLoadChange: (state) => events.send('month-end:load-progress', state),
      }),
      options.native,
    ),
    ...portalTemplateChannels(createPortalTemplateService({ writer: service.writer, vault, baseUrlOverride: options.threescaleBaseUrl })),
    ...startupChannels(service, connectivity, options.logError),
  };
  return {
    service,
    connectivity,
    threescaleAutoVerify,
    events,
    dispatchOptions: {
      table,
      isTrustedSender: createSenderPolicy(options.allowedOrigins),
      ...(options.logError ? { logError: options.logError } : {}),
    },
  };
}
