// First module the script tag's loader (embed-loader.ts) runs, before any widget: the `data-site` and
// service origin read from the <script> tag become every widget's defaults, and the outbox sends what an
// earlier visit left in it (on every page with the tag, widgets or not).
import { Outbox } from './api/outbox.js';
import { setDefaults, type WidgetDefaults } from './internal/defaults.js';

export function start(defaults: WidgetDefaults): void {
  setDefaults(defaults);
  Outbox.shared().start();
}
