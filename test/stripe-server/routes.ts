/** Every endpoint of the fake: the route table the server dispatches on. */
import { RESOURCE_ROUTES } from './resources';
import type { Route } from './resources';
import { SETUP_INTENT_ROUTES } from './setup-intents';
import { LEDGER_ROUTES } from './ledger-routes';
import { PAYMENT_INTENT_ROUTES } from './payment-intents';

export const ROUTES: readonly Route[] = [...RESOURCE_ROUTES, ...SETUP_INTENT_ROUTES, ...LEDGER_ROUTES, ...PAYMENT_INTENT_ROUTES];
