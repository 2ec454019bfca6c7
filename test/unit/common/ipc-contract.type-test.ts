// Type-level test of the IPC contract, checked by `tsc` (npm run typecheck), never run.
// Each `@ts-expect-error` line must fail to compile; if the contract stopped catching
// that mistake, the directive itself would be reported as unused and typecheck fails.
// The lines without a directive prove that the right calls still compile.

import type { BillingDeskApi, ConnectivityView, CustomersLoadState, IpcChannel, IpcRequest, IpcResponse, IpcResult, SavedResult, SettingsView } from '../../../common/ipc-contract';
import type { ChannelHandlers, HandlerTable } from '../../../main/ipc/handler-table';
import type { SendEvent } from '../../../main/ipc/events';
import type { TEMPLATE_CHANNELS } from '../../../common/contract/template';

declare const api: BillingDeskApi;
declare function invoke<C extends IpcChannel>(channel: C, payload: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;

const billing = { chargingEnabled: true, currency: 'USD', invoiceFootnote: '', vatZeroText: '', numberingPeriod: 'monthly' } as const;

export async function rendererCalls(): Promise<void> {
  // Right calls compile, and their answers are typed.
  const settings: IpcResult<SettingsView> = await api.getSettings();
  const saved: IpcResult<SavedResult> = await api.saveBilling(billing);
  await api.switchBillingMode('prepaid');
  await api.fixTemplate('{% case x %}{% endcase %}', 'show.liquid');
  await api.saveDraft({ 'billing.currency': 'EUR' });
  void settings;
  void saved;

  // @ts-expect-error a wrong payload: a boolean field given as text
  await api.saveBilling({ ...billing, chargingEnabled: 'yes' });
  // @ts-expect-error a wrong payload: a key the schema does not have
  await api.saveBilling({ ...billing, isAdmin: true });
  // @ts-expect-error a wrong payload: a billing mode that does not exist
  await api.switchBillingMode('free');
  // @ts-expect-error a missing argument
  await api.fixTemplate('{% case x %}{% endcase %}');
  // @ts-expect-error an argument to a channel that takes none
  await api.getSettings({ all: true });
  // @ts-expect-error a method (channel) that is not in the contract
  await api.deleteAllSettings();
  // @ts-expect-error the answer of another channel
  const wrongAnswer: IpcResult<SettingsView> = await api.listFinanceLog();
  void wrongAnswer;
}

export async function rawChannels(): Promise<void> {
  await invoke('billing-mode:switch', { to: 'postpaid' });
  // @ts-expect-error a channel that is not in the contract
  await invoke('settings:delete', null);
  // @ts-expect-error a payload of another channel
  await invoke('billing-mode:switch', { to: 'live', confirmed: true });
  // @ts-expect-error a payload where the channel takes none
  await invoke('settings:get', { all: true });
}

export function mainHandlers(table: HandlerTable): void {
  const template: Pick<ChannelHandlers<typeof TEMPLATE_CHANNELS>, 'template:check'> = {
    // @ts-expect-error a handler answering the wrong type
    'template:check': () => ({ html: '' }),
  };
  void template;
  // @ts-expect-error a handler reading a field its payload does not have
  table['template:preview'] = ({ fileName }) => ({ html: fileName });
  // @ts-expect-error a handler for a channel that is not in the contract
  table['template:delete'] = () => null;
}

export function events(send: SendEvent): void {
  const stop: () => void = api.on('connectivity:changed', (view: ConnectivityView) => void view.online);
  stop();
  api.on('customers:load-progress', (state: CustomersLoadState) => void state.progress);
  send('connectivity:changed', { online: true, checkedAt: null, detail: null });

  // @ts-expect-error an event that is not in the contract
  api.on('settings:changed', () => undefined);
  // @ts-expect-error a listener expecting another event's payload
  api.on('connectivity:changed', (state: CustomersLoadState) => void state.progress);
  // @ts-expect-error main sending a wrong payload
  send('customers:load-progress', { online: true, checkedAt: null, detail: null });
  // @ts-expect-error main sending an event that is not in the contract
  send('customers:deleted', null);
}
