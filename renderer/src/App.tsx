import {
  Alert,
  Bullseye,
  Label,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavExpandable,
  NavItem,
  NavList,
  Page,
  PageSection,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Spinner,
} from '@patternfly/react-core';
import BarsIcon from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import { Suspense, lazy, useEffect, useState } from 'react';
import { ConfirmDialog } from './components/ConfirmDialog';
import { ThreescaleAutoVerifyListener } from './components/ThreescaleAutoVerifyListener';
import { ConnectivityStatus } from './components/ConnectivityStatus';
import { FlashMessage } from './components/FlashMessage';
import { KeychainWarning } from './components/KeychainWarning';
import { ModeBanner } from './components/ModeBanner';
import { ScreenErrorBoundary } from './components/ScreenErrorBoundary';
import { ChargingAndGatewayPage } from './pages/ChargingAndGatewayPage';
import { useFlashStore } from './stores/flash-store';
import { useSettingsStore } from './stores/settings-store';

// The first screen is in the start-up chunk; the others are fetched when first opened
// (their own chunks, from app:// like everything else, so the CSP's script-src 'self' holds).
const FinanceLogPage = lazy(() => import('./pages/FinanceLogPage').then((m) => ({ default: m.FinanceLogPage })));
const CustomersPage = lazy(() => import('./pages/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const InvoicesPage = lazy(() => import('./pages/InvoicesPage').then((m) => ({ default: m.InvoicesPage })));
const TemplatePage = lazy(() => import('./pages/TemplatePage').then((m) => ({ default: m.TemplatePage })));
const ThreescalePage = lazy(() => import('./pages/ThreescalePage').then((m) => ({ default: m.ThreescalePage })));
// The charts library comes with this screen's chunk only.
const MonthEndPage = lazy(() => import('./pages/MonthEndPage').then((m) => ({ default: m.MonthEndPage })));

type Screen = 'charging-and-gateway' | 'finance-log' | 'customers' | 'invoices' | 'month-end' | 'template' | 'threescale';

const screenLoading = (
  <Bullseye>
    <Spinner aria-label="Loading the screen" />
  </Bullseye>
);

const SCREEN_NAMES: Record<Screen, string> = {
  'charging-and-gateway': 'Charging & Gateway',
  'finance-log': 'Finance log',
  customers: 'Customers',
  invoices: 'Invoices',
  'month-end': 'Month-end',
  template: 'Payment Gateway template',
  threescale: '3scale connection',
};

export function App() {
  const [screen, setScreen] = useState<Screen>('charging-and-gateway');
  const view = useSettingsStore((s) => s.view);
  const loadError = useSettingsStore((s) => s.loadError);
  const load = useSettingsStore((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  const go = (next: Screen) => {
    useFlashStore.getState().clear();
    setScreen(next);
  };

  const masthead = (
    <Masthead>
      <MastheadToggle>
        <PageToggleButton variant="plain" aria-label="Main navigation">
          <BarsIcon />
        </PageToggleButton>
      </MastheadToggle>
      <MastheadMain>
        <MastheadBrand component="div" className="app-brand">
          Billing Desk
        </MastheadBrand>
        {view ? (
          <Label className="masthead-mode" color={view.stripe.activeMode === 'live' ? 'red' : 'orange'}>
            {view.stripe.activeMode === 'live' ? 'Live mode' : 'Test mode'}
          </Label>
        ) : null}
      </MastheadMain>
      <MastheadContent>
        <div className="masthead-status">{view ? <ConnectivityStatus /> : null}</div>
      </MastheadContent>
    </Masthead>
  );

  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Billing Desk">
          <NavList>
            <NavExpandable title="Billing" groupId="billing" isExpanded isActive>
              <NavItem component="button" itemId="charging-and-gateway" isActive={screen === 'charging-and-gateway'} onClick={() => go('charging-and-gateway')}>
                Charging &amp; Gateway
              </NavItem>
              <NavItem component="button" itemId="finance-log" isActive={screen === 'finance-log'} onClick={() => go('finance-log')}>
                Finance log
              </NavItem>
              <NavItem component="button" itemId="customers" isActive={screen === 'customers'} onClick={() => go('customers')}>
                Customers
              </NavItem>
              <NavItem component="button" itemId="invoices" isActive={screen === 'invoices'} onClick={() => go('invoices')}>
                Invoices
              </NavItem>
              <NavItem component="button" itemId="month-end" isActive={screen === 'month-end'} onClick={() => go('month-end')}>
                Month-end
              </NavItem>
            </NavExpandable>
            <NavExpandable title="3scale" groupId="threescale" isExpanded>
              <NavItem component="button" itemId="threescale" isActive={screen === 'threescale'} onClick={() => go('threescale')}>
                Connection
              </NavItem>
            </NavExpandable>
            <NavExpandable title="Developer portal" groupId="developer-portal" isExpanded>
              <NavItem component="button" itemId="template" isActive={screen === 'template'} onClick={() => go('template')}>
                Payment Gateway template
              </NavItem>
            </NavExpandable>
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );

  return (
    <div className="app-frame">
      {/* Above everything, like Stripe's own test-mode band: seen on every screen. */}
      {view ? <ModeBanner mode={view.stripe.activeMode} /> : null}
      <Page header={masthead} sidebar={sidebar} isManagedSidebar className="app-page">
        {view ? (
          <PageSection padding={{ default: 'noPadding' }} className="app-banners">
            <KeychainWarning keychain={view.keychain} />
            {view.storeNotice ? (
              <Alert variant="warning" isInline title="A file of Billing Desk needs your attention" data-testid="store-notice">
                {view.storeNotice}
              </Alert>
            ) : null}
          </PageSection>
        ) : null}
        {loadError ? (
          <PageSection>
            <Alert variant="danger" isInline title="Billing Desk could not load its settings">
              {loadError}
            </Alert>
          </PageSection>
        ) : !view ? (
          <Bullseye>
            <Spinner aria-label="Loading settings" />
          </Bullseye>
        ) : (
          // A screen that fails to render, or whose chunk fails to load, is caught here.
          <ScreenErrorBoundary key={screen} screen={SCREEN_NAMES[screen]}>
            {screen === 'charging-and-gateway' ? (
              <ChargingAndGatewayPage />
            ) : (
              <Suspense fallback={screenLoading}>
                {screen === 'finance-log' ? (
                  <FinanceLogPage />
                ) : screen === 'customers' ? (
                  <CustomersPage onOpenThreescale={() => go('threescale')} />
                ) : screen === 'invoices' ? (
                  <InvoicesPage />
                ) : screen === 'month-end' ? (
                  <MonthEndPage />
                ) : screen === 'threescale' ? (
                  <ThreescalePage />
                ) : (
                  <TemplatePage />
                )}
              </Suspense>
            )}
          </ScreenErrorBoundary>
        )}
        <FlashMessage />
        <ConfirmDialog />
        <ThreescaleAutoVerifyListener />
      </Page>
    </div>
  );
}
