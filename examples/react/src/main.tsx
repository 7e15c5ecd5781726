import { setDefaults } from '@courtyard/widgets';
// Registers every <courtyard-…> tag. Imported before React renders, so React 19 meets upgraded elements
// and sets object props such as `strings` as properties (it checks `prop in element`).
import '@courtyard/widgets/all';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

// What the script tag's data-site and src give a plain page.
setDefaults({
  site: import.meta.env.VITE_COURTYARD_SITE ?? 'demo',
  api: import.meta.env.VITE_COURTYARD_URL ?? 'http://localhost:8080',
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
