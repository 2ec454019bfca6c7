// Builds the renderer's API from the contract's method → channel table. Shared by the
// Electron preload (over ipcRenderer.invoke) and the Chromium test harness (over a
// Playwright binding), so both backends expose the same object.

import { CHANNEL_OF, type BillingDeskApi, type IpcChannel, type IpcResult } from '../common/ipc-contract';

export type Invoke = (channel: IpcChannel, payload: unknown) => Promise<IpcResult<unknown>>;

export function createBridge(invoke: Invoke): BillingDeskApi {
  const call = (channel: IpcChannel, payload: unknown = null) => invoke(channel, payload);
  const api: BillingDeskApi = {
    getSettings: () => call(CHANNEL_OF.getSettings) as ReturnType<BillingDeskApi['getSettings']>,
    saveBilling: (settings) => call(CHANNEL_OF.saveBilling, settings) as ReturnType<BillingDeskApi['saveBilling']>,
    switchBillingMode: (to) => call(CHANNEL_OF.switchBillingMode, { to }) as ReturnType<BillingDeskApi['switchBillingMode']>,
    saveProvider: (provider) => call(CHANNEL_OF.saveProvider, provider) as ReturnType<BillingDeskApi['saveProvider']>,
    saveGateway: (request) => call(CHANNEL_OF.saveGateway, request) as ReturnType<BillingDeskApi['saveGateway']>,
    listFinanceLog: () => call(CHANNEL_OF.listFinanceLog) as ReturnType<BillingDeskApi['listFinanceLog']>,
    verifyStripeKeys: (request) => call(CHANNEL_OF.verifyStripeKeys, request) as ReturnType<BillingDeskApi['verifyStripeKeys']>,
    switchStripeMode: (request) => call(CHANNEL_OF.switchStripeMode, request) as ReturnType<BillingDeskApi['switchStripeMode']>,
    createWebhookEndpoint: (request) =>
      call(CHANNEL_OF.createWebhookEndpoint, request) as ReturnType<BillingDeskApi['createWebhookEndpoint']>,
    getDraft: () => call(CHANNEL_OF.getDraft) as ReturnType<BillingDeskApi['getDraft']>,
    saveDraft: (form) => call(CHANNEL_OF.saveDraft, { form }) as ReturnType<BillingDeskApi['saveDraft']>,
    discardDraft: () => call(CHANNEL_OF.discardDraft) as ReturnType<BillingDeskApi['discardDraft']>,
    resolveDraftConflicts: (choices) =>
      call(CHANNEL_OF.resolveDraftConflicts, { choices }) as ReturnType<BillingDeskApi['resolveDraftConflicts']>,
    getConnectivity: () => call(CHANNEL_OF.getConnectivity) as ReturnType<BillingDeskApi['getConnectivity']>,
    checkConnectivity: () => call(CHANNEL_OF.checkConnectivity) as ReturnType<BillingDeskApi['checkConnectivity']>,
    openTemplate: () => call(CHANNEL_OF.openTemplate) as ReturnType<BillingDeskApi['openTemplate']>,
    checkTemplate: (source) => call(CHANNEL_OF.checkTemplate, { source }) as ReturnType<BillingDeskApi['checkTemplate']>,
    fixTemplate: (source, fileName) => call(CHANNEL_OF.fixTemplate, { source, fileName }) as ReturnType<BillingDeskApi['fixTemplate']>,
    previewTemplate: (source, hasBillingAddress) =>
      call(CHANNEL_OF.previewTemplate, { source, hasBillingAddress }) as ReturnType<BillingDeskApi['previewTemplate']>,
    saveTemplate: (source, suggestedName) =>
      call(CHANNEL_OF.saveTemplate, { source, suggestedName }) as ReturnType<BillingDeskApi['saveTemplate']>,
    copyText: (text) => call(CHANNEL_OF.copyText, { text }) as ReturnType<BillingDeskApi['copyText']>,
    getCustomers: () => call(CHANNEL_OF.getCustomers) as ReturnType<BillingDeskApi['getCustomers']>,
    loadCustomers: () => call(CHANNEL_OF.loadCustomers) as ReturnType<BillingDeskApi['loadCustomers']>,
    cancelCustomerLoad: () => call(CHANNEL_OF.cancelCustomerLoad) as ReturnType<BillingDeskApi['cancelCustomerLoad']>,
    exportCustomers: () => call(CHANNEL_OF.exportCustomers) as ReturnType<BillingDeskApi['exportCustomers']>,
    openCustomerInDashboard: (customerId) =>
      call(CHANNEL_OF.openCustomerInDashboard, { customerId }) as ReturnType<BillingDeskApi['openCustomerInDashboard']>,
  };
  return Object.freeze(api);
}
