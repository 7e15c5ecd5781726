// How every test launches the system Chromium (CHROME_PATH, set by test/run.mjs): no downloads, no
// background traffic to Google's hosts (this machine's network is closed), no sandbox as root in CI.
export const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Several pages run at once and only one has focus: without these, the others' timers and animation
  // frames are throttled and waits stall.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
