#!/usr/bin/env node
// The `courtyard` command (bin of @courtyard/server): `npx courtyard help` or `npm run courtyard -- help`.
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
