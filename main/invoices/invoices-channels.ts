// The Invoices feature's channels. PLACEHOLDER while the feature is built on branch
// invoices-core: every channel answers that the screen is not ready. Replaced, not kept.

import type { INVOICES_CHANNELS } from '../../common/contract/invoices';
import type { ChannelHandlers } from '../ipc/handler-table';
import { UserFacingError } from '../domain/user-facing-error';

function notReady(): never {
  throw new UserFacingError('invalid_input', 'The Invoices screen is not available in this build yet.');
}

export function invoicesChannels(): ChannelHandlers<typeof INVOICES_CHANNELS> {
  return {
    'invoices:get': notReady,
    'invoices:load': notReady,
    'invoices:detail': notReady,
    'invoices:charge': notReady,
    'invoices:mark-paid': notReady,
    'invoices:plan-retry': notReady,
    'invoices:start-run': notReady,
    'invoices:run': notReady,
    'invoices:pause-run': notReady,
    'invoices:resume-run': notReady,
    'invoices:cancel-run': notReady,
    'invoices:export-run': notReady,
    'invoices:open-admin': notReady,
    'invoices:open-payment': notReady,
  };
}
