// The 3scale provider's details (account ID and name), whose account ID is in every
// Stripe customer's account reference: validated, applied through the writer, logged once.

import type { FinanceLogChange, ProviderDetails } from '../../common/ipc-contract';
import type { SettingsDocument } from './settings-document';
import type { SettingsWriter } from './settings-writer';
import { UserFacingError } from './user-facing-error';
import { MESSAGES, validateProvider } from './validation';

export class ProviderDetailsService {
  constructor(private readonly writer: SettingsWriter) {}

  saveProvider(input: ProviderDetails): { doc: SettingsDocument; message: string } {
    const fieldErrors = validateProvider(input);
    if (Object.keys(fieldErrors).length > 0) throw new UserFacingError('invalid_input', MESSAGES.providerInvalid, fieldErrors);
    const next = { accountId: input.accountId.trim(), name: input.name.trim() };
    const { doc } = this.writer.apply((current) => {
      const changes: FinanceLogChange[] = [];
      if (next.accountId !== current.provider.accountId) changes.push({ field: 'Provider account ID', from: current.provider.accountId, to: next.accountId });
      if (next.name !== current.provider.name) changes.push({ field: 'Provider name', from: current.provider.name, to: next.name });
      current.provider = next;
      return { kind: 'logged', summary: 'Provider details updated', changes, result: null };
    });
    return { doc, message: MESSAGES.providerSaved };
  }
}
