// Entry of the script-tag bundle (dist/embed/courtyard.js): takes `data-site` and the service origin from
// its own <script> tag, sends what an earlier visit left in the outbox, then registers every tag.
import { Outbox } from './api/outbox.js';
import { defaultsFromScript, setDefaults } from './internal/defaults.js';
import './all.define.js';

setDefaults(defaultsFromScript(document.currentScript));
Outbox.shared().start();
