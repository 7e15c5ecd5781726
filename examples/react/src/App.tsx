import type { CourtyardSubmitDetail, Language, StringOverrides } from '@courtyard/widgets';
import { useState } from 'react';

// Host-page string overrides per language: module constants, so React passes the same object on every render
// and the widget does not re-render for nothing.
const strings: Record<Language, StringOverrides> = {
  'zh-CN': { send: '提交给居委会' },
  en: { send: 'Send to the committee' },
};

export function App() {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const [dark, setDark] = useState(false);
  const [log, setLog] = useState<string[]>([]);
  const note = (line: string) => setLog((lines) => [...lines, line]);
  const theme = dark ? 'dark' : 'auto';

  // Cancelable: a host may stop a submission, e.g. until the resident accepts the site's terms.
  const confirmSubmit = (event: CustomEvent<CourtyardSubmitDetail>) => {
    if (!window.confirm(language === 'zh-CN' ? '确定提交吗？' : 'Send it now?')) event.preventDefault();
  };

  return (
    <main lang={language}>
      <h1>{language === 'zh-CN' ? '社区服务' : 'Community services'}</h1>
      <p>
        <button type="button" onClick={() => setLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')}>
          {language === 'zh-CN' ? 'English' : '中文'}
        </button>{' '}
        <label>
          <input type="checkbox" checked={dark} onChange={(event) => setDark(event.target.checked)} /> dark
        </label>
      </p>

      {/* `theme` goes in as an attribute, the object `strings` as a property (React 19). Events are `on`
          followed by the event's own name, kebab-case as the widget fires it. The widgets take their
          language from <main lang>, their closest [lang] ancestor. */}
      <courtyard-suggestion-box
        theme={theme}
        strings={strings[language]}
        oncourtyard-submit={confirmSubmit}
        oncourtyard-submitted={(event) => note(`submitted (${event.detail.idempotencyKey})`)}
        oncourtyard-queued={(event) => note(`queued, retry at ${new Date(event.detail.retryAt).toISOString()}`)}
        oncourtyard-error={(event) => note(`error ${event.detail.code}`)}
      />
      <courtyard-suggestion-board theme={theme} sort="supported" />
      <courtyard-poll theme={theme} oncourtyard-submitted={() => note('voted')} />
      <courtyard-repair-request theme={theme} oncourtyard-submitted={() => note('repair reported')} />

      <h2>Events</h2>
      <ul id="events">
        {log.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <li key={index}>{line}</li>
        ))}
      </ul>
    </main>
  );
}
