// The Stripe feature's channels: verify a key set, switch the active mode, create the
// webhook endpoint.

import type { STRIPE_CHANNELS } from '../../common/contract/stripe';
import type { SettingsService } from '../domain/settings-service';
import type { ChannelHandlers } from '../ipc/handler-table';

export function stripeChannels(service: SettingsService): ChannelHandlers<typeof STRIPE_CHANNELS> {
  return {
    'stripe:verify': (request) => service.verifyStripeKeys(request),
    'stripe-mode:switch': (request) => service.switchStripeMode(request),
    'stripe-webhook:create': (request) => service.createWebhookEndpoint(request),
  };
}
