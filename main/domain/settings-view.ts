// What the renderer may know of the settings: values, masks of secrets, and the notices
// about files. Never a secret.

import { gatewayDefinition } from '../../common/gateways';
import type { GatewayView, SettingsView, StripeKeySetView } from '../../common/ipc-contract';
import type { SettingsDocument, StoredKeySet } from './settings-document';
import type { SecretReader } from './secret-reader';

export function keySetComplete(set: StoredKeySet): boolean {
  return Boolean(set.sealedSecretKey && set.sealedWebhookSecret && set.publishableKey);
}

export class SettingsViewBuilder {
  constructor(
    private readonly secrets: SecretReader,
    /** The notices about settings and draft files, current at each call. */
    private readonly notices: () => (string | null)[],
  ) {}

  build(doc: SettingsDocument): SettingsView {
    return {
      revision: doc.revision,
      provider: { ...doc.provider },
      billingMode: doc.billingMode,
      billing: { ...doc.billing },
      gateway: this.gatewayView(doc),
      stripe: {
        activeMode: doc.stripe.activeMode,
        keySets: { test: this.keySetView(doc.stripe.keySets.test), live: this.keySetView(doc.stripe.keySets.live) },
        webhook: {
          adminDomain: doc.stripe.webhook.adminDomain,
          maskedAccessToken: this.secrets.maskOrNull(doc.stripe.webhook.sealedAccessToken),
          endpointIds: { ...doc.stripe.webhook.endpointIds },
        },
      },
      keychain: { backend: this.secrets.vault.backend, name: this.secrets.vault.backendName },
      storeNotice: this.notices().filter(Boolean).join(' ') || null,
    };
  }

  private gatewayView(doc: SettingsDocument): GatewayView {
    const gateway: GatewayView = { type: doc.gateway.type, values: { ...doc.gateway.values }, maskedSecrets: {}, configured: false };
    if (doc.gateway.type === 'stripe') {
      gateway.configured = keySetComplete(doc.stripe.keySets[doc.stripe.activeMode]);
    } else if (doc.gateway.type) {
      const definition = gatewayDefinition(doc.gateway.type);
      for (const field of definition.fields.filter((f) => f.secret)) {
        gateway.maskedSecrets[field.key] = this.secrets.maskOrNull(doc.gateway.sealedSecrets[field.key]);
      }
      gateway.configured = definition.fields.every(
        (f) => f.kind === 'checkbox' || (f.secret ? Boolean(doc.gateway.sealedSecrets[f.key]) : Boolean(doc.gateway.values[f.key])),
      );
    }
    return gateway;
  }

  private keySetView(stored: StoredKeySet): StripeKeySetView {
    return {
      publishableKey: stored.publishableKey,
      maskedSecretKey: this.secrets.maskOrNull(stored.sealedSecretKey),
      maskedWebhookSecret: this.secrets.maskOrNull(stored.sealedWebhookSecret),
      complete: keySetComplete(stored),
      verification: stored.verification,
    };
  }
}
