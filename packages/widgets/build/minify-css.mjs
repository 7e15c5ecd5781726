// Terser leaves the text inside Lit's css`` templates alone; this collapses its whitespace and comments
// (only in templates without ${} expressions, which is all of ours) in the shared styles and in each widget's.
// A space before `:` is kept: in a selector (`.list :focus-visible`, `:host ::slotted(*)`) it is a combinator.
export function minifyCss() {
  return {
    name: 'courtyard-minify-css',
    transform(code, id) {
      if (!/\/widgets\/dist\/(styles|components)\//.test(id) || !/\bcss\s*`/.test(code)) return null;
      const minified = code.replace(/\bcss\s*`([^`$]*)`/g, (_, text) => {
        const compact = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      });
      return { code: minified, map: null };
    },
  };
}
