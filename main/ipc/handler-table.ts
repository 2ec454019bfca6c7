// Main's side of the contract: a handler per channel, typed from common/ipc-contract.ts.
// Each feature exports the handlers of its own channels (ChannelHandlers<typeof ITS_CHANNELS>),
// and app-core joins them into the one HandlerTable, which must name every channel.

import type { IpcChannel, IpcParsedRequest, IpcResponse } from '../../common/ipc-contract';

export type Handler<C extends IpcChannel> = (request: IpcParsedRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;

export type HandlerTable = { [C in IpcChannel]: Handler<C> };

/** The handlers of one feature's channel table, e.g. ChannelHandlers<typeof TEMPLATE_CHANNELS>. */
export type ChannelHandlers<Table> = { [C in keyof Table & IpcChannel]: Handler<C> };
