// The drafts feature's channels: the form kept by main between edits and restarts.

import type { DRAFT_CHANNELS } from '../../common/contract/drafts';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { SettingsService } from './settings-service';

export function draftChannels(service: SettingsService): ChannelHandlers<typeof DRAFT_CHANNELS> {
  return {
    'draft:get': () => service.draft(),
    'draft:save': ({ form }) => service.saveDraft(form),
    'draft:discard': () => service.discardDraft(),
    'draft:resolve': ({ choices }) => service.resolveDraftConflicts(choices),
  };
}
