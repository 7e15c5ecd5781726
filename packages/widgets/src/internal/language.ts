// Which language a widget speaks: its own `lang`, else the closest `[lang]` ancestor (crossing shadow
// roots), else the document's, else the browser's; a tag Courtyard does not ship is skipped.
import { closestLanguage, type Language } from '@courtyard/protocol';

function closestLangAttribute(element: Element): string | undefined {
  let node: Node | null = parentAcrossShadow(element);
  while (node) {
    if (node instanceof Element) {
      const found: Element | null = node.closest('[lang]');
      if (found) {
        const language = closestLanguage(found.getAttribute('lang'));
        if (language) return language;
        node = found.parentNode;
        continue;
      }
    }
    node = parentAcrossShadow(node);
  }
  return undefined;
}

/** The parent node, or out of a shadow tree to its host. */
function parentAcrossShadow(node: Node): Node | null {
  if (node.parentNode && !(node.parentNode instanceof ShadowRoot)) return node.parentNode;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** `own` is the element's `lang` property (attribute or set by script). */
export function resolveLanguage(element: Element, own: string, fallback?: Language): Language {
  return (
    closestLanguage(own) ??
    (closestLangAttribute(element) as Language | undefined) ??
    closestLanguage(document.documentElement.lang) ??
    navigator.languages.map(closestLanguage).find(Boolean) ??
    fallback ??
    'en'
  );
}

/** Calls `onChange` whenever a `lang` attribute changes in the page or the browser language changes. */
export function watchLanguage(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
    subtree: true,
  });
  addEventListener('languagechange', onChange);
}
