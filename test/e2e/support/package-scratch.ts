// A developer's fresh project outside this repository: @courtyard/protocol and @courtyard/widgets from the
// tarballs `npm pack` makes of the built packages, everything else from the npm registry at exact versions,
// installed once per run (from npm's cache when it holds them). Every step is timed.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The scratch project's own dependencies, pinned exactly (TypeScript 6: vue-tsc needs its JavaScript API). */
export const scratchDependencies = {
  react: '19.3.1',
  'react-dom': '19.3.1',
  vue: '3.5.45',
};
export const scratchDevDependencies = {
  '@types/react': '19.3.0',
  '@types/react-dom': '19.3.0',
  '@vitejs/plugin-react': '6.3.0',
  '@vitejs/plugin-vue': '6.0.11',
  typescript: '6.0.3',
  vite: '8.3.8',
  'vue-tsc': '3.3.14',
};

export interface Step {
  name: string;
  seconds: number;
}

export interface Output {
  stdout: string;
  stderr: string;
}

/** Runs a command, timing it into `steps`; a failure carries everything the command printed. */
export function run(
  steps: Step[],
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Output> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 240_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        steps.push({ name, seconds: (Date.now() - started) / 1000 });
        if (error) reject(new Error(`${name} failed (${command} ${args.join(' ')}):\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Fails with one line when the npm registry cannot be reached: the test installs from it, it never skips. */
export async function assertRegistryReachable(steps: Step[]): Promise<void> {
  try {
    await run(steps, 'npm ping', 'npm', ['ping', '--fetch-retries=1', '--fetch-timeout=15000'], {
      cwd: repoRoot,
      timeoutMs: 45_000,
    });
  } catch {
    throw new Error(
      'The npm registry cannot be reached (npm ping failed): the package test installs React, Vue, Vite and TypeScript from it.',
    );
  }
}

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  name: string;
  tarball: string;
  /** gzip size of the tarball and the size of its files, in bytes. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

/** `npm pack` of a workspace package (built beforehand by `npm run build`) into `destination`. */
export async function pack(steps: Step[], packageFolder: string, destination: string): Promise<Packed> {
  const { stdout } = await run(
    steps,
    `npm pack ${packageFolder}`,
    'npm',
    ['pack', '--json', '--pack-destination', destination],
    { cwd: join(repoRoot, packageFolder) },
  );
  const [result] = JSON.parse(stdout) as {
    name: string;
    filename: string;
    size: number;
    unpackedSize: number;
    files: PackedFile[];
  }[];
  if (!result) throw new Error(`npm pack ${packageFolder} printed no result`);
  return { ...result, tarball: join(destination, result.filename) };
}

/** Writes the scratch project's package.json and copies the two examples into it (without their manifests). */
export async function createScratch(folder: string, tarballs: Packed[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  const local = Object.fromEntries(tarballs.map((packed) => [packed.name, `file:${packed.tarball}`]));
  await writeFile(
    join(folder, 'package.json'),
    `${JSON.stringify(
      {
        name: 'courtyard-package-test',
        private: true,
        type: 'module',
        dependencies: { ...local, ...scratchDependencies },
        devDependencies: scratchDevDependencies,
      },
      null,
      2,
    )}\n`,
  );
  for (const example of ['react', 'vue']) {
    const from = join(repoRoot, 'examples', example);
    for (const entry of ['index.html', 'tsconfig.json', 'vite.config.ts', 'src']) {
      await cp(join(from, entry), join(folder, example, entry), { recursive: true });
    }
  }
}

/**
 * `--prefer-offline`: what npm's cache holds is not asked for again (one metadata request per package, about
 * half the install's time measured here); what it lacks comes from the registry. The scratch project's own
 * dependencies are exact versions; their dependencies' ranges resolve against the cached metadata.
 */
export function install(steps: Step[], folder: string): Promise<Output> {
  return run(
    steps,
    'npm install',
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    {
      cwd: folder,
      timeoutMs: 300_000,
    },
  );
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export function formatSteps(steps: Step[]): string {
  const total = steps.reduce((sum, step) => sum + step.seconds, 0);
  return `${steps.map((step) => `${step.name} ${step.seconds.toFixed(1)} s`).join(', ')}; ${total.toFixed(1)} s in all`;
}
