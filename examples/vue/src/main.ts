import { setDefaults } from '@courtyard/widgets';
// Registers every <courtyard-…> tag.
import '@courtyard/widgets/all';
import { createApp } from 'vue';
import App from './App.vue';

// What the script tag's data-site and src give a plain page.
setDefaults({
  site: import.meta.env.VITE_COURTYARD_SITE ?? 'demo',
  api: import.meta.env.VITE_COURTYARD_URL ?? 'http://localhost:8080',
});

createApp(App).mount('#app');
