// Where the script tag's core starts the page (embed-loader.ts calls it before any widget loads): the
// `data-site` and service origin read from the <script> tag become every widget's defaults, and the outbox
// sends what an earlier visit left in it (on every page with the tag, widgets or not; the outbox's code
// loads only when something waits).
import { resumeOutbox } from './api/shared-outbox.js';
import { setDefaults, type WidgetDefaults } from './internal/defaults.js';

export { requestedEarly } from './api/client.js';

export function start(defaults: WidgetDefaults): void {
  setDefaults(defaults);
  resumeOutbox();
}
