// "Remind me on this phone" on a rota's hosted page: the block under the widget, the page script that asks
// for permission only when the button is pressed and hands the browser's push subscription to the server, and
// the service worker that shows the reminder in the resident's language and opens the rota page. Both scripts
// are files on this service's origin (script-src 'self'); the worker's URL passes through a Trusted Types
// policy of its own, which allows that one URL.
import { escapeHtml } from '../routes/pages/hosted-page.js';

type Language = 'zh-CN' | 'en';

export const REMINDER_SCRIPT_PATH = '/p/rota-reminders.js';
/** Served under /p/ so its scope covers the hosted pages and nothing else of the origin (not /admin). */
export const REMINDER_WORKER_PATH = '/p/rota-reminders-sw.js';
export const REMINDER_WORKER_SCOPE = '/p/';
/** The Trusted Types policy the page script creates for the worker's URL. */
export const REMINDER_POLICY = 'courtyard-reminders';

const strings: Record<Language, Record<string, string>> = {
  'zh-CN': {
    heading: '手机提醒',
    intro: '值日前一天晚上，在这部手机上收到提醒。请先在上面报名值日。',
    button: '在这部手机上提醒我',
    stop: '停止在这部手机上提醒',
    on: '已开启：值日前一天晚上，这部手机会提醒您。',
    off: '已停止在这部手机上提醒。',
    denied: '没有通知权限。可以在浏览器设置里允许本网站发通知。',
    signup: '请先报名值日，再开启提醒。',
    unsupported:
      '这个浏览器不能接收网页推送；打开本页时，值日表会提醒您。在 iPhone 上，请先用“添加到主屏幕”，再从主屏幕打开本页。',
    failed: '没有成功，请稍后再试。',
  },
  en: {
    heading: 'Reminders on this phone',
    intro: 'Get a reminder on this phone the evening before your day. Sign up for a day above first.',
    button: 'Remind me on this phone',
    stop: 'Stop reminders on this phone',
    on: 'On: this phone will remind you the evening before your day.',
    off: 'Reminders on this phone are off.',
    denied: 'Notifications are not allowed. You can allow them for this site in the browser’s settings.',
    signup: 'Sign up for a day first, then turn reminders on.',
    unsupported:
      'This browser cannot receive web push; the rota reminds you when you open this page. On an iPhone, use “Add to Home Screen” first and open the page from there.',
    failed: 'That did not work; please try again later.',
  },
};

/** The block under the widget; the button stays hidden until the page script finds push supported. */
export function reminderBlock(input: { lang: Language; api: string; vapidPublicKey: string }): string {
  const text = strings[input.lang];
  const messages = ['button', 'stop', 'on', 'off', 'denied', 'signup', 'unsupported', 'failed']
    .map((key) => `data-${key}="${escapeHtml(text[key] as string)}"`)
    .join(' ');
  return `<section aria-labelledby="rota-push-heading">
      <h2 id="rota-push-heading">${escapeHtml(text.heading as string)}</h2>
      <p>${escapeHtml(text.intro as string)}</p>
      <button type="button" id="rota-push" hidden data-key="${escapeHtml(input.vapidPublicKey)}" data-api="${escapeHtml(input.api)}" ${messages}>${escapeHtml(text.button as string)}</button>
      <p id="rota-push-status" role="status"></p>
    </section>
    <script src="${REMINDER_SCRIPT_PATH}" defer></script>`;
}

export const REMINDER_SCRIPT = `// Web push reminders of a duty rota: registers the service worker, and on a press of the button asks for
// permission, subscribes with the server's VAPID key and sends the subscription with this device's voter token.
(() => {
  const button = document.getElementById('rota-push');
  const status = document.getElementById('rota-push-status');
  if (!button || !status) return;
  const say = (key) => { status.textContent = button.dataset[key] || ''; };
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('unsupported');
    return;
  }
  const worker = ${JSON.stringify(REMINDER_WORKER_PATH)};
  const policy = window.trustedTypes && window.trustedTypes.createPolicy(${JSON.stringify(REMINDER_POLICY)}, {
    createScriptURL: (url) => {
      if (url !== worker) throw new TypeError('Only the reminder worker may be registered.');
      return url;
    },
  });
  const registered = navigator.serviceWorker.register(policy ? policy.createScriptURL(worker) : worker, {
    scope: ${JSON.stringify(REMINDER_WORKER_SCOPE)},
  });
  const voterToken = () => {
    try {
      return localStorage.getItem('courtyard:voter-token:v1');
    } catch {
      return null;
    }
  };
  const send = (method, body) =>
    fetch(button.dataset.api, {
      method,
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
  let subscribed = false;
  const show = (on) => {
    subscribed = on;
    button.textContent = button.dataset[on ? 'stop' : 'button'] || '';
  };
  registered
    .then((registration) => registration.pushManager.getSubscription())
    .then((subscription) => show(subscription !== null && Notification.permission === 'granted'))
    .catch(() => undefined)
    .finally(() => { button.hidden = false; });
  button.addEventListener('click', async () => {
    const token = voterToken();
    if (!token) return say('signup');
    button.disabled = true;
    try {
      const registration = await registered;
      if (subscribed) {
        const subscription = await registration.pushManager.getSubscription();
        const response = await send('DELETE', { voterToken: token });
        if (!response.ok && response.status !== 404) return say('failed');
        if (subscription) await subscription.unsubscribe();
        show(false);
        return say('off');
      }
      if ((await Notification.requestPermission()) !== 'granted') return say('denied');
      const subscription =
        (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: button.dataset.key }));
      const response = await send('POST', {
        voterToken: token,
        lang: document.documentElement.lang === 'en' ? 'en' : 'zh-CN',
        subscription: subscription.toJSON(),
      });
      if (response.ok) {
        show(true);
        return say('on');
      }
      say(response.status === 403 ? 'signup' : 'failed');
    } catch {
      say('failed');
    } finally {
      button.disabled = false;
    }
  });
})();
`;

export const REMINDER_WORKER = `// Shows a duty rota's reminder (an encrypted Web Push message the browser has decrypted) in the language the
// resident chose, and opens the rota's page when it is tapped.
const text = {
  'zh-CN': { title: '明天轮到您值日', at: (day) => day.toLocaleDateString('zh-CN', { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }) },
  en: { title: 'You are on duty tomorrow', at: (day) => day.toLocaleDateString('en', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }) },
};
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    // Not ours: still show something, as a push must be shown.
  }
  const words = text[message.lang] || text['zh-CN'];
  const day = /^\\d{4}-\\d{2}-\\d{2}$/.test(message.date || '') ? words.at(new Date(message.date + 'T12:00:00Z')) : '';
  const body = [message.rota, day, message.task].filter(Boolean).join(' · ');
  event.waitUntil(
    self.registration.showNotification(words.title, {
      body,
      lang: message.lang === 'en' ? 'en' : 'zh-CN',
      // One notification a rota and day: a repeated message replaces it instead of piling up.
      tag: 'courtyard-rota ' + (message.url || '') + ' ' + (message.date || ''),
      data: { url: message.url },
    }),
  );
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (typeof url !== 'string' || new URL(url, self.location.href).origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(url));
});
`;
