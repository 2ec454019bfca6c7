// Stripe's keys and webhook: verifying a key set, switching the active mode, creating
// the webhook endpoint 3scale needs.

import type { z } from 'zod';
import type { Zod } from '../ipc/define';
import { channel } from '../ipc/define';
import { STRIPE_MODES } from '../stripe-keys';
import { stripeKeySetSchema, type SavedResult, type SettingsView, type StripeVerification } from './settings';

const verifySchema = (z: Zod) =>
  z.strictObject({
  mode: z.enum(STRIPE_MODES),
  /** The keys as typed; an empty secret means the saved one. */
  keys: stripeKeySetSchema(z),
});
export type VerifyRequest = z.output<ReturnType<typeof verifySchema>>;

const modeSwitchSchema = (z: Zod) =>
  z.strictObject({
  to: z.enum(STRIPE_MODES),
  /** The user accepted the live-mode confirmation. */
  confirmed: z.boolean(),
});
export type ModeSwitchRequest = z.output<ReturnType<typeof modeSwitchSchema>>;

const webhookCreateSchema = (z: Zod) =>
  z.strictObject({
  /** The 3scale admin portal's domain, e.g. acme-admin.3scale.net. */
  adminDomain: z.string().max(300),
  /** An access token with Billing API scope; empty keeps the saved one. */
  accessToken: z.string().max(500),
  /** What to do when an endpoint with the callback URL already exists: 'ask' reports it. */
  onExisting: z.enum(['ask', 'replace', 'use']),
});
export type WebhookCreateRequest = z.output<ReturnType<typeof webhookCreateSchema>>;

export type WebhookCreateResult =
  | { status: 'created'; view: SettingsView; message: string }
  | { status: 'adopted'; view: SettingsView; message: string }
  | { status: 'exists'; endpointId: string; maskedUrl: string };

export const STRIPE_CHANNELS = {
  'stripe:verify': channel<{ verification: StripeVerification; view: SettingsView }>()({
    method: 'verifyStripeKeys',
    request: verifySchema,
  }),
  'stripe-mode:switch': channel<SavedResult>()({ method: 'switchStripeMode', request: modeSwitchSchema }),
  'stripe-webhook:create': channel<WebhookCreateResult>()({ method: 'createWebhookEndpoint', request: webhookCreateSchema }),
};
