// "Create webhook endpoint": registers 3scale's Stripe callback in the active mode's
// Stripe account and keeps its signing secret. Stripe is called with values; what it
// returned is applied to the settings as they are when it answers.

import { randomUUID } from 'node:crypto';
import type { WebhookCreateRequest } from '../../common/ipc-contract';
import type { StripeMode } from '../../common/stripe-keys';
import type { DraftKeeper } from './draft-keeper';
import type { SecretReader } from './secret-reader';
import type { SettingsDocument } from './settings-document';
import type { SettingsWriter } from './settings-writer';
import { SET_NAMES } from './stripe-key-sets';
import type { StripeApi, StripeKeysService } from './stripe-keys-service';
import { UserFacingError } from './user-facing-error';
import { MESSAGES } from './validation';
import { checkAccessToken, normaliseAdminDomain, stripeCallbackUrl } from './webhook-url';

export type WebhookOutcome =
  | { status: 'created' | 'adopted'; doc: SettingsDocument; message: string }
  | { status: 'exists'; endpointId: string; maskedUrl: string };

export class WebhookService {
  constructor(
    private readonly writer: SettingsWriter,
    private readonly stripe: StripeApi,
    private readonly secrets: SecretReader,
    private readonly drafts: DraftKeeper,
    private readonly stripeKeys: StripeKeysService,
  ) {}

  async createWebhookEndpoint(request: WebhookCreateRequest): Promise<WebhookOutcome> {
    const before = this.writer.read();
    const mode = before.stripe.activeMode;
    const fieldErrors: Record<string, string> = {};
    const domain = normaliseAdminDomain(request.adminDomain);
    if (!domain.ok) fieldErrors.adminDomain = domain.error;
    const typedToken = request.accessToken.trim() || this.drafts.draftSecret('webhook.accessToken') || '';
    const token = typedToken || this.secrets.openOrNull(before.stripe.webhook.sealedAccessToken);
    const tokenProblem = token ? checkAccessToken(token) : MESSAGES.blank;
    if (tokenProblem) fieldErrors.accessToken = tokenProblem;
    if (!domain.ok || tokenProblem || !token) {
      throw new UserFacingError('invalid_input', 'The webhook endpoint cannot be created until these fields are corrected.', fieldErrors);
    }
    const secretKey = this.stripeKeys.storedSecretKey(before, mode);
    if (!secretKey) {
      throw new UserFacingError('invalid_input', `Save the ${SET_NAMES[mode]} (the active mode) before creating their webhook endpoint.`);
    }
    const { url, urlWithoutQuery } = stripeCallbackUrl(domain.domain, token);
    const existing = await this.stripe.findWebhookEndpoints(secretKey, mode, urlWithoutQuery);
    const first = existing[0];
    if (first && request.onExisting === 'ask') {
      return { status: 'exists', endpointId: first.id, maskedUrl: `${urlWithoutQuery}?access_token=…` };
    }

    let endpoint: { id: string; secret: string | null };
    if (first && request.onExisting === 'use') {
      endpoint = { id: first.id, secret: null };
    } else {
      for (const old of request.onExisting === 'replace' ? existing : []) {
        await this.stripe.deleteWebhookEndpoint(secretKey, mode, old.id);
      }
      endpoint = await this.stripe.createWebhookEndpoint(secretKey, mode, url, randomUUID());
    }
    const status = endpoint.secret === null ? 'adopted' : 'created';

    const { doc } = this.writer.apply((current) => {
      if (this.stripeKeys.storedSecretKey(current, mode) !== secretKey) {
        throw new UserFacingError(
          'settings_conflict',
          `The ${SET_NAMES[mode]} were changed while Stripe set up the webhook endpoint ${endpoint.id}, so it was not recorded. Check the endpoint in Stripe's Dashboard, then create it again for the keys now saved.`,
        );
      }
      const stateBefore = this.maskedWebhookState(current, mode);
      if (endpoint.secret !== null) current.stripe.keySets[mode].sealedWebhookSecret = this.secrets.vault.seal(endpoint.secret);
      current.stripe.webhook.endpointIds[mode] = endpoint.id;
      current.stripe.webhook.adminDomain = domain.domain;
      if (typedToken) current.stripe.webhook.sealedAccessToken = this.secrets.vault.seal(typedToken);
      const stateAfter = this.maskedWebhookState(current, mode);
      const changes = Object.keys(stateAfter)
        .filter((field) => stateBefore[field] !== stateAfter[field])
        .map((field) => ({ field, from: stateBefore[field] ?? '', to: stateAfter[field] ?? '' }));
      const summary =
        status === 'created'
          ? `Webhook endpoint created in ${mode} mode for payment_intent.succeeded${first ? ' (replacing the existing one)' : ''}`
          : `Existing webhook endpoint ${endpoint.id} adopted in ${mode} mode`;
      return { kind: 'logged', summary, changes, result: null, savedPaths: ['webhook.', `stripe.${mode}.endpoint_secret`] };
    });
    const message =
      status === 'created'
        ? 'Webhook endpoint created. Its signing secret was saved in Webhook Signing Secret.'
        : `Using the existing endpoint ${endpoint.id}. Stripe shows its signing secret only once: copy it from the endpoint's page in Stripe's Dashboard into Webhook Signing Secret, then Save.`;
    return { status, doc, message };
  }

  private maskedWebhookState(doc: SettingsDocument, mode: StripeMode): Record<string, string> {
    const token = this.secrets.openOrNull(doc.stripe.webhook.sealedAccessToken);
    const secret = this.secrets.openOrNull(doc.stripe.keySets[mode].sealedWebhookSecret);
    return {
      '3scale admin portal domain': doc.stripe.webhook.adminDomain,
      'Access token': this.secrets.maskForLog(token),
      [`${SET_NAMES[mode]}: Webhook endpoint`]: doc.stripe.webhook.endpointIds[mode] ?? '',
      [`${SET_NAMES[mode]}: Webhook Signing Secret`]: this.secrets.maskForLog(secret),
    };
  }
}
