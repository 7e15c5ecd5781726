// Keyboard-only journeys: what has focus (looking through shadow roots), and Tab pressed until the wanted
// element has it, as a keyboard user would reach it.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** The focused element, inside any shadow root: its tag, id, aria-label, text, and the article it sits in. */
export interface Focused {
  tag: string;
  id: string;
  label: string;
  text: string;
  card: string;
}

export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return {
      tag: element?.tagName ?? '',
      id: element?.id ?? '',
      label: element?.getAttribute('aria-label') ?? '',
      text: element?.textContent?.trim() ?? '',
      card: element?.closest('article')?.textContent ?? '',
    };
  });
}

async function hasFocus(page: Page, target: Locator): Promise<boolean> {
  const handle = await target.elementHandle();
  return page.evaluate((wanted) => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element === wanted;
  }, handle);
}

/**
 * Presses Tab until `target` has focus — an element, or a test of what is focused — and fails, naming what
 * had focus last, when it is not reached within `limit` presses. Nothing is pressed when it already has focus.
 */
export async function tabTo(page: Page, target: Locator | ((focused: Focused) => boolean), limit = 150) {
  const reached = typeof target === 'function' ? async () => target(await focused(page)) : () => hasFocus(page, target);
  for (let presses = 0; presses <= limit; presses++) {
    if (await reached()) return;
    if (presses < limit) await page.keyboard.press('Tab');
  }
  assert.fail(
    `Tab did not reach ${typeof target === 'function' ? 'the element' : target} within ${limit} presses (last: ${JSON.stringify(await focused(page))})`,
  );
}
