// The table .ci/run prints at its end, passed or failed: each section's wall and CPU seconds, with the
// stages of `npm test` (test/run.mjs writes them to COURTYARD_TIMINGS_FILE) under the section that ran them.
//   node test/support/ci-timings.mjs TIMINGS_FILE TOTAL_WALL TOTAL_CPU POSTGRES_CPU EXIT_STATUS
// CPU counts every process the run waited for (browsers and servers included); PostgreSQL's server processes
// are not among them and get a row of their own. On a shared machine wall time grows with the others' load;
// CPU time mostly does not.
import { existsSync, readFileSync } from 'node:fs';

const [file, totalWall, totalCpu, postgresCpu, status] = process.argv.slice(2);
const rows = existsSync(file)
  ? readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];

const line = (name, wall, cpu, note = '') =>
  `${name.padEnd(40)} ${String(wall).padStart(8)} ${String(cpu).padStart(8)}  ${note}`.trimEnd();

const out = ['', '===== Times (seconds) =====', line('stage', 'wall', 'CPU')];
let stages = [];
for (const row of rows) {
  if (row.pass !== 'CI') {
    stages.push(row);
    continue;
  }
  out.push(line(row.stage, row.wall.toFixed(1), row.cpu.toFixed(1)));
  for (const stage of stages) {
    // The lanes' stages come interleaved: each names its database.
    const name = stages.some((other) => other.pass !== stage.pass) ? `${stage.stage}, ${stage.pass}` : stage.stage;
    out.push(line(`  ${name}`, stage.wall.toFixed(1), stage.cpu.toFixed(1), stage.passed ? '' : 'FAILED'));
  }
  stages = [];
}
if (postgresCpu) out.push(line('PostgreSQL server processes', '', Number(postgresCpu).toFixed(1)));
out.push(line('total', Number(totalWall).toFixed(1), Number(totalCpu).toFixed(1)));
out.push(
  status === '0'
    ? `CI passed in ${Math.round(Number(totalWall))} s.`
    : `CI FAILED (exit ${status}) after ${Math.round(Number(totalWall))} s.`,
);
console.log(out.join('\n'));
