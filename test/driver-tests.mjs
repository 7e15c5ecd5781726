// Which server and e2e test files CI runs on both database drivers. Every file under test/server and
// test/e2e is named here once (test/run.mjs refuses to run otherwise, naming what is missing or stale), but
// for test/e2e/package.test.ts, which is a stage of its own and runs once:
//   both      its behaviour depends on the driver: CI runs it on PostgreSQL and again on PGlite
//   postgres  its behaviour is the same on either: CI runs it on PostgreSQL only
// `npm test` on a developer's machine runs every file on whichever database it has; only CI's PGlite pass
// (`node test/run.mjs --driver-tests`) is limited to `both`. A server file is `both` when it talks to the
// driver itself (connections, LISTEN/NOTIFY, locks, concurrency, raw rows, binary or time values, search), or
// when no other `both` file runs some function of the server's database code: `npm run test:driver-coverage`
// runs every server file on PGlite under V8 coverage and names any such function and the files that run it
// (it exits 1 then). Measured when the list was first made: the `both` files run all 289 functions of the 63
// database-facing modules that the whole suite runs. An e2e file is `both` when it runs what `npm start`
// runs: the server process on its PGlite data folder, or a widget's journey on the demo page (one per widget).
// Guarding a security fix does not make a file `both`: only a fix whose working depends on the driver does
// (a lock, a notification, a sequence, a migration); checks of input, pages, logs and messages are `postgres`.
// Each file in the PGlite pass costs about 4 s of CPU (186 s for 49 files in groups on a quiet machine), so the
// list is kept to this rule.

export const driverTests = {
  // The handle itself: boots, migrates, answers readiness, on each driver.
  'test/server/db/foundation.test.ts': 'both',
  'test/server/cli/cli.test.ts': 'both', // the operator's commands' database code
  'test/server/seed/seed.test.ts': 'both', // two starts racing to seed one database
  // Prepared raw statements (database.run), whose rows each driver shapes its own way.
  'test/server/db/statement-batch.test.ts': 'both',
  'test/server/idempotency/idempotency-statement.test.ts': 'both',
  'test/server/idempotency/idempotency.test.ts': 'both', // advisory locks; PGlite's one connection replays instead of 409
  // Concurrency: one PGlite connection against a pool.
  'test/server/polls/polls-concurrency.test.ts': 'both',
  'test/server/webhooks/webhooks-instances.test.ts': 'both', // claims racing between two instances
  'test/server/jobs/run-once.test.ts': 'both', // transaction-scoped advisory locks
  'test/server/polls/poll-announcements.test.ts': 'both',
  'test/server/privacy/privacy-retention.test.ts': 'both',
  // LISTEN/NOTIFY and the events table.
  'test/server/events/events.test.ts': 'both',
  // Values each driver hands back differently: bytea, timestamps and raw `execute` rows, pg_trgm on Chinese.
  'test/server/photos/photos.test.ts': 'both',
  'test/server/routes/admin/dashboard/admin-dashboard.test.ts': 'both',
  'test/server/routes/admin/dashboard/admin-dashboard-notices.test.ts': 'both', // households a scope reaches (raw SQL)
  'test/server/routes/admin/exports/admin-exports.test.ts': 'both',
  'test/server/suggestions/suggestions.test.ts': 'both',
  // Every route once, with the write journal's triggers: a route that waits on PGlite's only connection
  // while holding it hangs there and nowhere else.
  'test/server/fuzz/fuzz.test.ts': 'both',
  // The rest of the server's database code, measured (npm run test:driver-coverage): each of these runs
  // repository functions that no file above runs — poll codes and rules, webhook endpoints and deliveries,
  // staff accounts and links, sites, repair updates, Open311, sessions, the audit search, merged supports.
  'test/server/routes/admin/audit/admin-audit.test.ts': 'both',
  'test/server/routes/admin/sites/admin-sites.test.ts': 'both',
  'test/server/routes/admin/staff/admin-staff.test.ts': 'both',
  'test/server/routes/admin/recorded/recorded.test.ts': 'both',
  'test/server/suggestions/console-suggestions.test.ts': 'both',
  'test/server/open311/open311.test.ts': 'both',
  'test/server/polls/polls.test.ts': 'both',
  'test/server/polls/polls-console.test.ts': 'both',
  'test/server/repairs/repairs-staff.test.ts': 'both',
  'test/server/repairs/repair-incidents.test.ts': 'both', // merged reports follow their lead's status, timeline, events
  'test/server/suggestions/suggestions-staff.test.ts': 'both',
  'test/server/webhooks/webhooks.test.ts': 'both',
  'test/server/webhooks/webhooks-delivery.test.ts': 'both',

  // Trust: the holes closed for the attacker's review whose fix lives in the driver's hands: the sign-in lock
  // reserved in one statement against parallel attempts (one PGlite connection against a pool), the poll cache
  // dropped over NOTIFY, stream ids from the events sequence, the audited erasure, data brought back by
  // migrations. The other trust files (input checks, page policy, stream caps, logs, SSRF, webhook texts) test
  // rules above the repositories, the same on either driver: they are `postgres` below.
  'test/server/auth/sign-in-lockout-race.test.ts': 'both',
  'test/server/polls/polls-cache.test.ts': 'both',
  'test/server/events/events-ids.test.ts': 'both',
  'test/server/repairs/repair-resident-key.test.ts': 'both', // resident keys and the audited erasure
  'test/server/suggestions/spam-review.test.ts': 'both',
  // Their routes run repository functions no other `both` file may run: spent proofs, the sender's erasure,
  // the per-community sign-in lookup, the trusted device.
  'test/server/proof-of-work/proof-of-work.test.ts': 'both',
  'test/server/suggestions/suggestion-resident-key.test.ts': 'both',
  'test/server/auth/staff-email-per-community.test.ts': 'both',
  'test/server/suggestions/suggestion-trust.test.ts': 'both',

  'test/server/config/config.test.ts': 'postgres',
  'test/server/tooling/test-groups.test.ts': 'postgres', // the test runner's own rules, no database
  'test/server/routes/embed.test.ts': 'postgres',
  'test/server/fuzz/fuzz-arbitraries.test.ts': 'postgres',
  'test/server/fuzz/fuzz-regressions.test.ts': 'postgres',
  'test/server/routes/pages/hosted-pages-repairs.test.ts': 'postgres',
  'test/server/logging/logging.test.ts': 'postgres',
  'test/server/plugins/overload.test.ts': 'postgres',
  'test/server/polls/poll-codes.test.ts': 'postgres',
  'test/server/polls/polls-owners.test.ts': 'postgres',
  'test/server/polls/polls-seed.test.ts': 'postgres',
  'test/server/privacy/privacy-requests.test.ts': 'postgres',
  'test/server/repairs/repairs-console.test.ts': 'postgres',
  'test/server/repairs/repairs-public.test.ts': 'postgres',
  'test/server/repairs/repairs-seed.test.ts': 'postgres',
  'test/server/plugins/request-hash.test.ts': 'postgres',
  'test/server/auth/staff-auth.test.ts': 'postgres',
  'test/server/suggestions/suggestions-input.test.ts': 'postgres',
  'test/server/suggestions/suggestions-seed.test.ts': 'postgres',
  'test/server/sites/tenancy.test.ts': 'postgres',
  'test/server/plugins/validation.test.ts': 'postgres',
  'test/server/webhooks/webhooks-config.test.ts': 'postgres',
  'test/server/webhooks/webhooks-formats.test.ts': 'postgres',
  'test/server/webhooks/webhooks-ssrf.test.ts': 'postgres',
  // Trust rules above the repositories (see above).
  'test/server/events/events-limits.test.ts': 'postgres',
  'test/server/config/config-production.test.ts': 'postgres',
  'test/server/plugins/input-characters.test.ts': 'postgres',
  'test/server/plugins/input-depth.test.ts': 'postgres',
  'test/server/open311/open311-identifiers.test.ts': 'postgres',
  'test/server/routes/page-security.test.ts': 'postgres',
  'test/server/plugins/rate-limits.test.ts': 'postgres',
  'test/server/auth/staff-link-logs.test.ts': 'postgres',
  'test/server/webhooks/webhooks-ssrf-ipv6.test.ts': 'postgres',
  'test/server/webhooks/webhooks-tracking-code.test.ts': 'postgres',

  // What `npm start` runs: the server process on its PGlite data folder, and each widget's whole journey
  // (suggestion box and board, poll, repair request) on the demo page, with every widget on it.
  'test/e2e/startup.test.ts': 'both',
  'test/e2e/cli.test.ts': 'both', // the built command migrates a new PGlite data folder, or DATABASE_URL
  'test/e2e/shutdown.test.ts': 'both', // leaves the data folder reopenable
  'test/e2e/pages.test.ts': 'both',
  'test/e2e/suggestions.test.ts': 'both',
  'test/e2e/polls.test.ts': 'both',
  'test/e2e/repairs.test.ts': 'both',

  // One journey per widget is enough on PGlite: the repair widget's private link and the console's community
  // picker run the same server code as above, and their server files run on both drivers.
  'test/e2e/repairs-resident-key.test.ts': 'postgres',
  'test/e2e/console-sign-in.test.ts': 'postgres',

  // Notices: their repository, routes and webhook routing run on both drivers (no other file runs them).
  'test/server/notices/notices-staff.test.ts': 'both',
  'test/server/notices/notices-public.test.ts': 'both',
  'test/server/notices/notices-webhooks.test.ts': 'both',
  'test/server/routes/pages/hosted-pages-notices.test.ts': 'postgres',
  'test/server/notices/notices-seed.test.ts': 'postgres',
  'test/server/notices/notices-cards.test.ts': 'postgres',
  'test/server/topics/topics-staff.test.ts': 'both',
  'test/server/topics/topics-public.test.ts': 'both',
  'test/server/topics/topics-agenda.test.ts': 'both',
  'test/server/topics/topics-seed.test.ts': 'postgres',
  'test/server/topics/topics-webhooks.test.ts': 'postgres',
  'test/e2e/topics.test.ts': 'postgres',

  // Duty rotas: racing sign-ups for a day's last place (one PGlite connection against a pool), their repository.
  'test/server/rota/rota-public.test.ts': 'both',
  'test/server/rota/rota-staff.test.ts': 'both', // the gap job's and the dashboard's time-zone SQL
  'test/server/rota/rota-push.test.ts': 'both', // the reminder job's claims: time-zone SQL, upsert, two instances
  'test/server/rota/rota-seed.test.ts': 'postgres',
  'test/e2e/rota.test.ts': 'postgres',
  'test/e2e/rota-reminders.test.ts': 'postgres',

  'test/e2e/console-dashboard.test.ts': 'postgres',
  'test/e2e/console-manage.test.ts': 'postgres',
  'test/e2e/console-polls.test.ts': 'postgres',
  'test/e2e/console-notices.test.ts': 'postgres',
  'test/e2e/console-repairs.test.ts': 'postgres',
  'test/e2e/console-record.test.ts': 'postgres',
  'test/e2e/console-incidents.test.ts': 'postgres',
  'test/e2e/console-suggestions.test.ts': 'postgres',
  'test/e2e/console-webhooks.test.ts': 'postgres',
  'test/e2e/extend.test.ts': 'postgres',
  'test/e2e/strict-csp.test.ts': 'postgres',
  'test/e2e/script-tag-loader.test.ts': 'postgres',
  'test/e2e/fault.test.ts': 'postgres', // needs PostgreSQL: crashes a cluster of its own
  'test/e2e/notices-night.test.ts': 'postgres', // adds building 5 to the demo with SQL
  'test/e2e/two-instances.test.ts': 'postgres', // needs PostgreSQL and Redis
};

/** What is wrong between the list and the test files found on disk (an empty list when nothing is). */
export function checkDriverTests(files) {
  const problems = [];
  for (const file of files) {
    if (!(file in driverTests)) problems.push(`${file} is not listed: add it as 'both' or 'postgres'`);
  }
  for (const [file, drivers] of Object.entries(driverTests)) {
    if (!files.includes(file)) problems.push(`${file} is listed but does not exist`);
    if (drivers !== 'both' && drivers !== 'postgres')
      problems.push(`${file}: '${drivers}' is neither 'both' nor 'postgres'`);
  }
  return problems;
}
