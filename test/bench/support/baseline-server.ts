// The yardstick for `npm run bench`: a bare Fastify + postgres.js service doing the least a route can do
// (one insert, one select by key) against the same PostgreSQL. Courtyard's routes are reported as a ratio of
// its figures, measured in the same run on the same machine.
import Fastify from 'fastify';
import postgres from 'postgres';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const sql = postgres(url, { max: 10, onnotice: () => {} });
await sql`create table if not exists bench_baseline (id bigserial primary key, key uuid not null unique, body jsonb not null, created_at timestamptz not null default now())`;

const app = Fastify({ logger: false });
app.post('/insert', async (request, reply) => {
  const [row] =
    await sql`insert into bench_baseline (key, body) values (gen_random_uuid(), ${sql.json(request.body as never)}) returning id`;
  return reply.status(201).send({ id: String(row?.id) });
});
app.get('/select', async () => {
  const [row] = await sql`select id, body from bench_baseline order by id limit 1`;
  return row ?? {};
});
app.addHook('onClose', () => sql.end());

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
