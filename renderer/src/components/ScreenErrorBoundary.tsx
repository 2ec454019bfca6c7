// Around each screen: a screen that fails while drawing is replaced by a plain account
// of what happened, and the rest of the app (navigation, mode band, masthead) stays.
// What the user typed lives in the settings store, which a failed screen does not take
// down; it is sent to main as a draft at once, so that it also survives a restart.
import { Alert, AlertActionLink, PageSection } from '@patternfly/react-core';
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import type { DraftFlush } from '../stores/settings/draft-sync';
import { useSettingsStore } from '../stores/settings-store';

interface Props {
  /** The screen's name as the navigation shows it. */
  screen: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
  /** Where the typing stands: being sent as a draft, then what the send did. */
  draft: 'keeping' | DraftFlush | null;
  /** Bumped by "Reload this screen", so the screen is drawn anew. */
  attempt: number;
}

const DRAFT_SENTENCES: Record<NonNullable<State['draft']>, string> = {
  keeping: 'Keeping what you typed as a draft…',
  sent: 'What you typed is kept as a draft: it is still there after you reload this screen, and after a restart of Billing Desk.',
  nothing: 'There was nothing typed that needed keeping.',
  failed: 'What you typed could not be kept as a draft; it is still in the form as long as Billing Desk stays open.',
};

export class ScreenErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, draft: null, attempt: 0 };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true, draft: 'keeping' };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For developers (the console, and the log where main collects it); the user gets a sentence.
    console.error(`The ${this.props.screen} screen failed`, error, info.componentStack);
    void useSettingsStore
      .getState()
      .flushDraft()
      .catch((): DraftFlush => 'failed')
      .then((draft) => this.setState({ draft }));
  }

  private readonly reload = () => this.setState((state) => ({ failed: false, draft: null, attempt: state.attempt + 1 }));

  override render(): ReactNode {
    if (!this.state.failed) return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
    return (
      <PageSection>
        <Alert
          variant="danger"
          isInline
          title={`The ${this.props.screen} screen stopped working`}
          data-testid="screen-error"
          actionLinks={<AlertActionLink onClick={this.reload}>Reload this screen</AlertActionLink>}
        >
          <p>
            Billing Desk ran into an unexpected problem while showing this screen. Your saved settings were not changed by it.
          </p>
          {this.state.draft ? <p data-testid="screen-error-draft">{DRAFT_SENTENCES[this.state.draft]}</p> : null}
        </Alert>
      </PageSection>
    );
  }
}
