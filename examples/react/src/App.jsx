import { useEffect, useRef, useState } from 'react';

// Host-page string overrides per language: module constants, so React passes the same object on every render
// and the widget does not re-render for nothing.
const strings = {
  'zh-CN': { send: '提交给居委会' },
  en: { send: 'Send to the committee' },
};

/** Listens to a Courtyard event on an element; React 19 could also take `oncourtyard-…` props, but an
 *  effect keeps the event name exactly as the widget fires it and cleans up on unmount. */
function useCourtyardEvent(ref, name, handler) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const element = ref.current;
    const listener = (event) => latest.current(event);
    element.addEventListener(name, listener);
    return () => element.removeEventListener(name, listener);
  }, [ref, name]);
}

export function App() {
  const [language, setLanguage] = useState('zh-CN');
  const [dark, setDark] = useState(false);
  const [log, setLog] = useState([]);
  const box = useRef(null);
  const note = (line) => setLog((lines) => [...lines, line]);

  useCourtyardEvent(box, 'courtyard-submit', (event) => {
    // Cancelable: a host may stop a submission, e.g. until the resident accepts the site's terms.
    if (!window.confirm(language === 'zh-CN' ? '确定提交吗？' : 'Send it now?')) event.preventDefault();
  });
  useCourtyardEvent(box, 'courtyard-submitted', (event) => note(`submitted (${event.detail.idempotencyKey})`));
  useCourtyardEvent(box, 'courtyard-queued', (event) => note(`queued, retry at ${new Date(event.detail.retryAt)}`));
  useCourtyardEvent(box, 'courtyard-error', (event) => note(`error ${event.detail.code}`));

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

      {/* Strings go in as attributes (theme); the object `strings` as a property (React 19). The widget
          takes its language from <main lang>, its closest [lang] ancestor. */}
      <courtyard-suggestion-box ref={box} theme={dark ? 'dark' : 'auto'} strings={strings[language]} />
      <courtyard-poll theme={dark ? 'dark' : 'auto'} />

      <h2>Events</h2>
      <ul>
        {log.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <li key={index}>{line}</li>
        ))}
      </ul>
    </main>
  );
}
