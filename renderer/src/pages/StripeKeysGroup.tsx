import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  FormSection,
  Grid,
  GridItem,
  Label,
  Spinner,
} from '@patternfly/react-core';
import type { SettingsView, StripeVerification } from '../../../common/ipc-contract';
import { checkStripeKey, type StripeKeyField, type StripeMode } from '../../../common/stripe-keys';
import { TextField } from '../components/FormFields';
import { useSettingsStore } from '../stores/settings-store';

/** Stable empty value: a new {} per render would make the store selector loop. */
const NO_MASKS: Record<string, string> = {};

const FIELDS: { field: StripeKeyField; label: string; secret: boolean }[] = [
  { field: 'login', label: 'Secret Key', secret: true },
  { field: 'publishable_key', label: 'Publishable Key', secret: false },
  { field: 'endpoint_secret', label: 'Webhook Signing Secret', secret: true },
];

const SET_TITLES: Record<StripeMode, string> = { test: 'Test keys', live: 'Live keys' };

function VerificationDetails({ verification, saved }: { verification: StripeVerification; saved: boolean }) {
  const { account } = verification;
  const unknown = 'not readable with this restricted key';
  const reported = account.livemode === null ? unknown : account.livemode ? 'Live' : 'Test';
  return (
    <Alert
      variant={verification.missingPermissions.length > 0 ? 'warning' : 'success'}
      isInline
      isPlain
      title={saved ? `Verified with Stripe on ${new Date(verification.verifiedAt).toLocaleString()}` : 'Verified with Stripe'}
      data-testid="verification"
    >
      <DescriptionList isCompact isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>Account</DescriptionListTerm>
          <DescriptionListDescription>
            {account.name ?? (account.accountId ? '(no business name)' : unknown)}
            {account.accountId ? ` (${account.accountId})` : ''}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Country</DescriptionListTerm>
          <DescriptionListDescription>{account.country ?? unknown}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Default currency</DescriptionListTerm>
          <DescriptionListDescription>{account.defaultCurrency?.toUpperCase() ?? unknown}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Charges enabled</DescriptionListTerm>
          <DescriptionListDescription>
            {account.chargesEnabled === null ? unknown : account.chargesEnabled ? 'Yes' : 'No: Stripe will refuse charges until the account is activated'}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Mode reported by Stripe</DescriptionListTerm>
          <DescriptionListDescription>{reported}</DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      {verification.missingPermissions.length > 0 ? (
        <>
          <p className="verification-missing-title">This restricted key lacks permissions that these features need:</p>
          <ul className="verification-missing">
            {verification.missingPermissions.map((m) => (
              <li key={m.permission}>
                <strong>{m.feature}</strong> needs <code>{m.permission}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  );
}

function KeySetPanel({ mode, view }: { mode: StripeMode; view: SettingsView }) {
  const keys = useSettingsStore((s) => s.form?.stripeKeys[mode]);
  const notes = useSettingsStore((s) => s.keyNotes);
  const errors = useSettingsStore((s) => s.errors);
  const verify = useSettingsStore((s) => s.verify[mode]);
  const edit = useSettingsStore((s) => s.editStripeKey);
  const verifyKeys = useSettingsStore((s) => s.verifyKeys);
  const draftMasks = useSettingsStore((s) => s.draft?.draftSecretMasks ?? NO_MASKS);
  const saved = view.gateway.type === 'stripe' ? view.stripe.keySets[mode] : null;
  const active = view.stripe.activeMode === mode;
  const titleId = `stripe-${mode}-title`;
  const masked: Record<StripeKeyField, string | null> = {
    login: saved?.maskedSecretKey ?? null,
    publishable_key: null,
    endpoint_secret: saved?.maskedWebhookSecret ?? null,
  };
  if (!keys) return null;

  return (
    <section className={`stripe-key-set stripe-key-set-${mode}`} aria-labelledby={titleId}>
      <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsSm' }}>
        <FlexItem>
          <h3 id={titleId} className="stripe-key-set-title">
            {SET_TITLES[mode]}
          </h3>
        </FlexItem>
        {active ? (
          <FlexItem>
            <Label color={mode === 'live' ? 'red' : 'orange'} isCompact>
              Active
            </Label>
          </FlexItem>
        ) : null}
      </Flex>
      {FIELDS.map(({ field, label, secret }) => {
        const id = `stripe-${mode}-${field.replace(/_/g, '-')}`;
        const key = `stripe.${mode}.${field}`;
        const value = keys[field];
        const error = errors[key] ?? checkStripeKey(field, value, mode).error;
        const drafted = value === '' ? draftMasks[key] : undefined;
        const hint = drafted
          ? `Typed earlier and kept in the draft, not saved yet: ${drafted}. Save or Apply to use it.`
          : masked[field]
            ? `Saved: ${masked[field]}. Leave empty to keep it, or type a new one to replace it.`
            : notes[key];
        return (
          <TextField
            key={id}
            id={id}
            label={label}
            secret={secret}
            verbatim
            value={value}
            placeholder={masked[field]}
            hint={masked[field] && notes[key] ? `${notes[key]} ${hint}` : hint}
            error={error}
            onChange={(text) => edit(mode, field, text)}
          />
        );
      })}
      <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }}>
        <Button variant="secondary" onClick={() => void verifyKeys(mode)} isDisabled={verify.status === 'verifying'}>
          Verify
        </Button>
        {verify.status === 'verifying' ? (
          <>
            <Spinner size="md" aria-label={`Verifying the ${SET_TITLES[mode]}`} />
            <span>Verifying with Stripe…</span>
          </>
        ) : null}
      </Flex>
      {verify.status === 'failed' ? (
        <Alert variant="danger" isInline isPlain title={verify.message} data-testid="verification-error" />
      ) : null}
      {verify.status === 'verified' ? <VerificationDetails verification={verify.verification} saved={false} /> : null}
      {verify.status === 'idle' && saved?.verification ? <VerificationDetails verification={saved.verification} saved /> : null}
      {verify.status === 'idle' && saved?.complete && !saved.verification ? (
        <Alert variant="info" isInline isPlain title="These keys have not been verified with Stripe yet: use Verify." />
      ) : null}
    </section>
  );
}

function WebhookSection({ view }: { view: SettingsView }) {
  const errors = useSettingsStore((s) => s.errors);
  const existing = useSettingsStore((s) => s.webhookExisting);
  const busy = useSettingsStore((s) => s.busy);
  const create = useSettingsStore((s) => s.createWebhook);
  const mode = view.stripe.activeMode;
  const endpointId = view.stripe.webhook.endpointIds[mode];
  const maskedToken = view.stripe.webhook.maskedAccessToken;
  // The domain and token are the 3scale connection's fields; what main said about them shows here too.
  const connectionError = errors['webhook.adminDomain'] ?? errors['webhook.accessToken'];
  return (
    <FormSection title="Webhook endpoint" titleElement="h3" className="stripe-webhook">
      <p className="stripe-webhook-intro">
        Stripe tells 3scale about successful payments through a webhook. Billing Desk can register 3scale&apos;s callback in
        Stripe&apos;s {mode} mode, subscribed to <code>payment_intent.succeeded</code>, and keep its signing secret.
      </p>
      <p data-testid="webhook-connection">
        {view.stripe.webhook.adminDomain ? (
          <>
            3scale&apos;s callback on <strong>{view.stripe.webhook.adminDomain}</strong>, with the access token of the 3scale
            connection{maskedToken ? ` (${maskedToken})` : ''}.
          </>
        ) : (
          <>Connect 3scale first (3scale › Connection): the callback is on its admin portal, with its access token.</>
        )}
        {connectionError ? (
          <span className="pf-v5-u-danger-color-100"> {connectionError}</span>
        ) : null}
      </p>
      {endpointId ? (
        <p data-testid="webhook-endpoint-id">
          Endpoint in {mode} mode: <code>{endpointId}</code>
        </p>
      ) : null}
      {existing ? (
        <Alert
          variant="warning"
          isInline
          title={`An endpoint for this callback already exists in ${mode} mode (${existing.endpointId}).`}
          data-testid="webhook-exists"
          actionLinks={
            <>
              <Button variant="link" isInline onClick={() => void create('use')}>
                Use it
              </Button>{' '}
              <Button variant="link" isInline isDanger onClick={() => void create('replace')}>
                Replace it
              </Button>
            </>
          }
        >
          Use it: keep that endpoint and paste its signing secret (shown on its page in Stripe) into Webhook Signing
          Secret. Replace it: delete it and create a new one whose secret Billing Desk saves for you.
        </Alert>
      ) : null}
      <div>
        <Button variant="secondary" isDisabled={busy} onClick={() => void create('ask')}>
          Create webhook endpoint
        </Button>
      </div>
    </FormSection>
  );
}

/** The Stripe group of the gateway card: the active mode, both key sets, the webhook. */
export function StripeKeysGroup({ view }: { view: SettingsView }) {
  const busy = useSettingsStore((s) => s.busy);
  const switchMode = useSettingsStore((s) => s.switchStripeMode);
  const mode = view.stripe.activeMode;
  return (
    <>
      <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }} className="stripe-mode-row">
        <FlexItem>
          Active mode:{' '}
          <Label color={mode === 'live' ? 'red' : 'orange'} data-testid="stripe-active-mode">
            {mode === 'live' ? 'Live' : 'Test'}
          </Label>
        </FlexItem>
        <FlexItem>
          <Button variant={mode === 'test' ? 'warning' : 'secondary'} isDisabled={busy} onClick={() => void switchMode()}>
            {mode === 'test' ? 'Switch to live mode' : 'Switch to test mode'}
          </Button>
        </FlexItem>
      </Flex>
      <Grid hasGutter>
        <GridItem xl={6}>
          <KeySetPanel mode="test" view={view} />
        </GridItem>
        <GridItem xl={6}>
          <KeySetPanel mode="live" view={view} />
        </GridItem>
      </Grid>
      <WebhookSection view={view} />
    </>
  );
}
