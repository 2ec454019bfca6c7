import { Alert, PageSection, Stack, StackItem, Text, TextContent, Title } from '@patternfly/react-core';
import { useEffect } from 'react';
import { useSettingsStore } from '../stores/settings-store';
import { useThreescaleStore } from '../stores/threescale-store';
import { ProviderCard } from './ProviderCard';
import { ThreescaleConnectionCard } from './ThreescaleConnectionCard';

/** The 3scale connection: the admin portal and token, what 3scale said, and the provider details it fills. */
export function ThreescalePage() {
  const { view, loadError, failure, load, edit, verify } = useThreescaleStore();
  const fields = useSettingsStore((s) => s.form?.webhook);
  const adminDomainError = useSettingsStore((s) => s.errors['webhook.adminDomain']);
  const accessTokenError = useSettingsStore((s) => s.errors['webhook.accessToken']);
  const busy = useSettingsStore((s) => s.busy);
  const draftedTokenMask = useSettingsStore((s) => s.draft?.draftSecretMasks['webhook.accessToken'] ?? null);
  const providerForm = useSettingsStore((s) => s.view?.provider);

  useEffect(() => {
    void load();
  }, [load, providerForm?.accountId, providerForm?.name]);

  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">3scale connection</Title>
        <TextContent className="page-subtitle">
          <Text>Billing Desk reads your 3scale admin portal through its APIs: the provider, developer accounts, invoices and portal templates.</Text>
        </TextContent>
      </PageSection>
      <PageSection>
        {loadError ? (
          <Alert variant="danger" isInline title="The 3scale connection could not be read">
            {loadError}
          </Alert>
        ) : view && fields ? (
          <Stack hasGutter>
            <StackItem>
              <ThreescaleConnectionCard
                view={view}
                fields={fields}
                errors={{ adminDomain: adminDomainError, accessToken: accessTokenError }}
                draftedTokenMask={draftedTokenMask}
                failure={failure}
                busy={busy}
                onEdit={edit}
                onVerify={() => void verify()}
              />
            </StackItem>
            <StackItem>
              <ProviderCard />
            </StackItem>
          </Stack>
        ) : null}
      </PageSection>
    </>
  );
}
