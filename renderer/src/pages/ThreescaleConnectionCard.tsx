import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  Label,
  List,
  ListItem,
  TextInput,
} from '@patternfly/react-core';
import type { FormEvent } from 'react';
import type { ThreescaleConnectionView } from '../../../common/contract/threescale';
import { FieldHelp } from '../components/FieldHelp';

export interface ConnectionFields {
  adminDomain: string;
  accessToken: string;
}

export interface ThreescaleConnectionCardProps {
  view: ThreescaleConnectionView;
  fields: ConnectionFields;
  errors: { adminDomain?: string | undefined; accessToken?: string | undefined };
  /** The mask of a token typed earlier and kept in the draft. */
  draftedTokenMask: string | null;
  /** The last Verify that failed: what 3scale (or the network) said. */
  failure: string | null;
  busy: boolean;
  onEdit: (patch: Partial<ConnectionFields>) => void;
  onVerify: () => void;
}

function tokenHint(props: ThreescaleConnectionCardProps): string {
  if (props.draftedTokenMask && props.fields.accessToken === '') return `Typed earlier and kept in the draft: ${props.draftedTokenMask}.`;
  if (props.view.maskedAccessToken) return `Saved: ${props.view.maskedAccessToken}. Leave empty to keep it.`;
  return 'A personal access token of an admin user (Account Settings › Personal › Tokens), with the Billing, Account Management and Developer Portal API scopes.';
}

/** The admin portal domain and access token, Verify, and what 3scale said. */
export function ThreescaleConnectionCard(props: ThreescaleConnectionCardProps) {
  const { view, fields, errors, busy } = props;
  const verification = view.verification;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    props.onVerify();
  };
  return (
    <Card id="threescale-connection-card" component="section" aria-labelledby="threescale-connection-title">
      <CardTitle id="threescale-connection-title" component="h2">
        3scale connection
      </CardTitle>
      <CardBody>
        <Form onSubmit={onSubmit} aria-labelledby="threescale-connection-title">
          <FormGroup label="Admin portal domain" fieldId="threescale-admin-domain">
            <TextInput
              id="threescale-admin-domain"
              value={fields.adminDomain}
              placeholder="acme-admin.3scale.net"
              validated={errors.adminDomain ? 'error' : 'default'}
              aria-describedby="threescale-admin-domain-help"
              onChange={(_e, text) => props.onEdit({ adminDomain: text })}
            />
            <FieldHelp
              id="threescale-admin-domain"
              hint="Your 3scale admin portal, e.g. acme-admin.3scale.net (a whole https:// address pasted from the browser works too). Only HTTPS."
              error={errors.adminDomain}
            />
          </FormGroup>
          <FormGroup label="Access token" fieldId="threescale-access-token">
            <TextInput
              id="threescale-access-token"
              type="password"
              autoComplete="off"
              value={fields.accessToken}
              {...(view.maskedAccessToken ? { placeholder: view.maskedAccessToken } : {})}
              validated={errors.accessToken ? 'error' : 'default'}
              aria-describedby="threescale-access-token-help"
              onChange={(_e, text) => props.onEdit({ accessToken: text })}
            />
            <FieldHelp id="threescale-access-token" hint={tokenHint(props)} error={errors.accessToken} />
          </FormGroup>
          {props.failure ? (
            <Alert variant="danger" isInline title="3scale could not be verified" data-testid="threescale-failure">
              {props.failure}
            </Alert>
          ) : null}
          <ActionGroup>
            <Button type="submit" variant="primary" isDisabled={busy} isLoading={busy}>
              Verify and save
            </Button>
          </ActionGroup>
        </Form>
        {verification ? (
          <section aria-label="What 3scale said" data-testid="threescale-verification" className="threescale-verification">
            <DescriptionList isHorizontal isCompact>
              <DescriptionListGroup>
                <DescriptionListTerm>Provider account ID</DescriptionListTerm>
                <DescriptionListDescription>{verification.provider ? verification.provider.id : '—'}</DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>Organisation</DescriptionListTerm>
                <DescriptionListDescription>{verification.provider?.orgName ?? '—'}</DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>Admin domain</DescriptionListTerm>
                <DescriptionListDescription>{verification.provider?.adminDomain ?? view.adminDomain}</DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>Verified</DescriptionListTerm>
                <DescriptionListDescription>{new Date(verification.verifiedAt).toLocaleString()}</DescriptionListDescription>
              </DescriptionListGroup>
            </DescriptionList>
            {verification.providerProblem ? (
              <Alert variant="warning" isInline isPlain title={verification.providerProblem} />
            ) : null}
            <List isPlain aria-label="APIs the token may use" className="threescale-apis">
              {verification.apis.map((access) => (
                <ListItem key={access.api} data-testid={`threescale-api-${access.api}`}>
                  <Label color={access.ok ? 'green' : 'red'}>{access.ok ? 'Usable' : 'Not usable'}</Label> {access.label}
                  {access.message ? <div className="threescale-api-reason">{access.message}</div> : null}
                </ListItem>
              ))}
            </List>
          </section>
        ) : null}
        {view.providerMismatches.length > 0 ? (
          <Alert variant="warning" isInline title="Provider details differ from 3scale's" data-testid="threescale-provider-mismatch">
            {view.providerMismatches.map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
            <p>Verify again to take 3scale&apos;s values.</p>
          </Alert>
        ) : null}
      </CardBody>
    </Card>
  );
}
