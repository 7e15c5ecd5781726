// The rota's hosted page offers web push reminders in a real Chromium against the real server: the page
// registers the reminder service worker from the service's own origin under the strict CSP and Trusted Types,
// shows "Remind me on this phone" in either language without asking for permission, and stays axe-clean.
// Headless Chromium reaches no push service here, so the subscription itself is covered by the server test
// (test/server/rota/rota-push.test.ts), whose receiver decrypts what the server sends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessibilityViolations, serverAndBrowser, watchedPage } from './support/browser.js';
import { signInAsAdmin, staffApi } from './support/server.js';

describe('rota reminders on the hosted page', () => {
  const e2e = serverAndBrowser();

  it('registers the reminder worker and offers the button in both languages, asking nothing on load', async () => {
    const cookie = await signInAsAdmin(e2e.server.url);
    const scopes = await staffApi(e2e.server.url, cookie, 'GET', '/poll-scopes');
    const building5 = scopes.items.find((building: { name: string }) => building.name === '5号楼');
    const rota = await staffApi(e2e.server.url, cookie, 'POST', '/rotas', {
      title: '5号楼楼道值日（提醒）',
      buildingId: building5.id,
      tasks: ['扫楼梯'],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      perDay: 1,
    });
    const url = `${e2e.server.url}/p/demo/rotas/${rota.id}`;

    for (const [lang, name] of [
      ['zh-CN', '在这部手机上提醒我'],
      ['en', 'Remind me on this phone'],
    ] as const) {
      const { context, page, problems } = await watchedPage(e2e.browser);
      const response = await page.goto(`${url}?lang=${lang}`);
      assert.match(response?.headers()['content-security-policy'] ?? '', /trusted-types lit-html courtyard-reminders/);
      await page.locator('courtyard-rota').getByRole('table').waitFor();
      const manifest = await page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]');
        return link ? ((await (await fetch(link.href)).json()) as { display: string; lang: string }) : null;
      });
      assert.equal(manifest?.display, 'standalone');
      assert.equal(manifest?.lang, lang);
      await page.getByRole('button', { name }).waitFor();

      const worker = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return {
          scope: registration.scope,
          script: registration.active?.scriptURL,
          permission: Notification.permission,
        };
      });
      assert.deepEqual(worker, {
        scope: `${e2e.server.url}/p/`,
        script: `${e2e.server.url}/p/rota-reminders-sw.js`,
        permission: 'default',
      });
      assert.deepEqual(await accessibilityViolations(page), []);
      const { cspViolations, consoleErrors } = await problems.collect();
      assert.deepEqual(cspViolations, []);
      assert.deepEqual(consoleErrors, []);
      await context.close();
    }
  });
});
