import { PageSection, Stack, StackItem, Title } from '@patternfly/react-core';
import { DraftBanner } from '../components/DraftBanner';
import { useSettingsStore } from '../stores/settings-store';
import { BillingModeCard } from './BillingModeCard';
import { BillingSettingsCard } from './BillingSettingsCard';
import { GatewayCard } from './GatewayCard';
import { ProviderCard } from './ProviderCard';

export function ChargingAndGatewayPage() {
  // The gateway card appears once charging is *saved* as on, not while ticking the box.
  const chargingSaved = useSettingsStore((s) => s.view?.billing.chargingEnabled ?? false);
  return (
    <>
      <PageSection variant="light" className="page-header">
        <Title headingLevel="h1">Charging &amp; Gateway</Title>
      </PageSection>
      <PageSection>
        <Stack hasGutter>
          <StackItem>
            <DraftBanner />
          </StackItem>
          <StackItem>
            <BillingModeCard />
          </StackItem>
          <StackItem>
            <BillingSettingsCard />
          </StackItem>
          {chargingSaved ? (
            <StackItem>
              <GatewayCard />
            </StackItem>
          ) : null}
          <StackItem>
            <ProviderCard />
          </StackItem>
        </Stack>
      </PageSection>
    </>
  );
}
