import { PageSection, Stack, StackItem, Title } from '@patternfly/react-core';
import { Suspense, lazy } from 'react';
import { useSettingsStore } from '../stores/settings-store';
import { BillingModeCard } from './BillingModeCard';
import { BillingSettingsCard } from './BillingSettingsCard';
import { GatewayCard } from './GatewayCard';
import { ProviderCard } from './ProviderCard';

// Loaded on demand: its review tables bring PatternFly's table (JS and CSS), which the
// first screen needs only when a draft is there to review.
const DraftBanner = lazy(() => import('../components/DraftBanner').then((m) => ({ default: m.DraftBanner })));

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
            <Suspense fallback={null}>
              <DraftBanner />
            </Suspense>
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
