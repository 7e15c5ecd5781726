// Terser leaves the text inside Lit's css`` templates alone; this collapses its whitespace and comments
// (only in templates without ${} expressions, which is all of ours).
export function minifyCss() {
  return {
    name: 'courtyard-minify-css',
    transform(code, id) {
      if (!id.includes('/widgets/dist/styles/')) return null;
      const minified = code.replace(/css\s*`([^`$]*)`/g, (_, text) => {
        const compact = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{}:;,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      });
      return { code: minified, map: null };
    },
  };
}
