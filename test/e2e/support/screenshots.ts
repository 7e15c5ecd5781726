// The staff guide's pictures (docs/admin-guide/images) are taken on the way through the console journeys,
// and written only when asked — `npm run docs:screenshots` sets COURTYARD_SCREENSHOTS=1 — so that a test
// run leaves the checkout as it found it.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const folder = new URL('../../../docs/admin-guide/images/', import.meta.url);

export const writingScreenshots = process.env.COURTYARD_SCREENSHOTS === '1';

/** Saves the page as docs/admin-guide/images/<name>.png when screenshots were asked for. */
export async function guideScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  if (!writingScreenshots) return;
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: fileURLToPath(new URL(`${name}.png`, folder)), fullPage: options.fullPage ?? false });
}
