import '@patternfly/react-core/dist/styles/base.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useSettingsStore } from './stores/settings-store';

// The first page's data is asked for before React draws anything: the request and the
// first render run side by side (App's own call to load() answers the same request).
void useSettingsStore.getState().load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
