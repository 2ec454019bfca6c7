// The portal template's channels: open from 3scale, save as draft, publish. The service
// reads the saved 3scale connection (domain, token from the vault) and writes the finance
// log through the settings' one writer.

import type { PORTAL_TEMPLATE_CHANNELS } from '../../common/contract/portal-template';
import { SecretReader } from '../domain/secret-reader';
import type { SettingsWriter } from '../domain/settings-writer';
import type { SecretVault } from '../domain/vault';
import type { ChannelHandlers } from '../ipc/handler-table';
import { parseAdminDomain, parseBaseUrlOverride } from './admin-domain';
import { PortalTemplateService } from './portal-template-service';
import { ThreescaleClient } from './threescale-client';

export interface PortalTemplateServiceOptions {
  writer: SettingsWriter;
  vault: SecretVault;
  /** BILLING_DESK_3SCALE_BASE_URL: a 3scale-compatible server instead of the admin domain. */
  baseUrlOverride?: string | undefined;
  timeoutMs?: number;
}

export function createPortalTemplateService(options: PortalTemplateServiceOptions): PortalTemplateService {
  const secrets = new SecretReader(options.vault);
  const baseUrlOverride = parseBaseUrlOverride(options.baseUrlOverride);
  return new PortalTemplateService({
    connection: () => {
      const webhook = options.writer.read().stripe.webhook;
      return { adminDomain: webhook.adminDomain, accessToken: secrets.openOrNull(webhook.sealedAccessToken) };
    },
    client: (adminDomain, accessToken) => {
      const domain = parseAdminDomain(adminDomain);
      // The saved domain was checked when it was verified; one that no longer parses is refused here too.
      if (!domain.ok) throw new Error(`The saved 3scale admin domain is not valid: ${domain.message}`);
      return new ThreescaleClient({
        adminDomain: domain.value,
        accessToken,
        baseUrlOverride,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
    },
    // One finance log entry, without changing a setting (the writer still gives it a revision).
    log: (summary, changes) => {
      options.writer.apply(() => ({ kind: 'logged', summary, changes, result: null }));
    },
  });
}

export function portalTemplateChannels(service: PortalTemplateService): ChannelHandlers<typeof PORTAL_TEMPLATE_CHANNELS> {
  return {
    'portal-template:open': () => service.open(),
    'portal-template:save-draft': (request) => service.saveDraft(request),
    'portal-template:publish': ({ base, source }) => service.publish({ base, source }),
  };
}
