// A strict, small XML reader for tests: one root, balanced tags, only the five predefined entities (and
// numeric ones), attribute-free elements as Open311 uses them, and only characters XML 1.0 allows (raw or
// as references). Throws on anything not well-formed.
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*$/;
/** Anything but XML 1.0's Char production: most C0 controls, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function character(codePoint: number): string {
  const text = String.fromCodePoint(codePoint);
  if (NOT_XML_CHAR.test(text)) throw new Error(`a reference to U+${codePoint.toString(16)}, which XML 1.0 forbids`);
  return text;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos|[^;]*);/g, (whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity in named) return named[entity] as string;
    if (entity.startsWith('#x')) return character(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return character(Number(entity.slice(1)));
    throw new Error(`unknown entity ${whole}`);
  });
}

export function parseXml(source: string): XmlElement {
  const forbidden = NOT_XML_CHAR.exec(source);
  if (forbidden)
    throw new Error(`U+${forbidden[0].charCodeAt(0).toString(16)} at ${forbidden.index}: XML 1.0 forbids it`);
  let rest = source.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\s*/, '');
  if (rest === source) throw new Error('no XML declaration');
  const stack: XmlElement[] = [{ name: '#document', children: [], text: '' }];
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    if (open === -1) {
      if (rest.trim() !== '') throw new Error('text after the root element');
      break;
    }
    const text = rest.slice(0, open);
    if (/[<&]/.test(text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, '')))
      throw new Error(`bad text ${text}`);
    const current = stack.at(-1) as XmlElement;
    if (text.trim() !== '') {
      if (stack.length === 1) throw new Error('text outside the root');
      current.text += decode(text);
    }
    const close = rest.indexOf('>', open);
    if (close === -1) throw new Error('unclosed tag');
    const tag = rest.slice(open + 1, close);
    rest = rest.slice(close + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1);
      const top = stack.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> does not close <${top?.name}>`);
      (stack.at(-1) as XmlElement).children.push(top);
    } else {
      const selfClosing = tag.endsWith('/');
      const name = selfClosing ? tag.slice(0, -1) : tag;
      if (!NAME.test(name)) throw new Error(`bad element name <${name}>`);
      if (stack.length === 1 && stack[0]!.children.length > 0) throw new Error('two root elements');
      const element = { name, children: [], text: '' };
      if (selfClosing) current.children.push(element);
      else stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  const [root] = stack[0]!.children;
  if (!root || stack[0]!.children.length !== 1) throw new Error('not exactly one root');
  return root;
}

/** An element's children as { name: text } (the last wins), for flat records. */
export function fields(element: XmlElement): Record<string, string> {
  return Object.fromEntries(element.children.map((child) => [child.name, child.text]));
}
