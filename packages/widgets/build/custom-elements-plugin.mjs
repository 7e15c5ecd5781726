// custom-elements.json from the components' JSDoc (@summary @slot @event @csspart @cssproperty),
// generated on every build so the docs never drift from the classes (settings and the clean-up for the
// published package: custom-elements-manifest.config.mjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

export function customElementsManifest() {
  return {
    name: 'courtyard-custom-elements-manifest',
    writeBundle() {
      const cli = fileURLToPath(
        new URL('../../../node_modules/@custom-elements-manifest/analyzer/cem.js', import.meta.url),
      );
      const result = spawnSync(
        process.execPath,
        [cli, 'analyze', '--config', 'build/custom-elements-manifest.config.mjs', '--quiet'],
        { cwd: packageDir, encoding: 'utf8' },
      );
      if (result.status !== 0) this.error(`custom-elements-manifest failed:\n${result.stderr}${result.stdout}`);
    },
  };
}
