// Graceful shutdown of the real server process: on SIGTERM it stops accepting connections, finishes the
// request in flight (which still needs the database), exits 0, and leaves the database reopenable.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer, startServer } from './support/server.js';

/** Resolves with the raw HTTP response once the server closes the connection (`Connection: close`). */
function readResponse(socket: Socket): Promise<string> {
  let raw = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (raw += chunk));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', () => resolve(raw));
  });
}

function parseResponse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** Tries to open a new connection until it is refused; answers whether it was. */
async function refusesNewConnections(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const probe = connect(port, '127.0.0.1');
    const outcome = await Promise.race([
      once(probe, 'connect').then(() => 'connected'),
      once(probe, 'error').then(([error]) => (error as NodeJS.ErrnoException).code ?? 'error'),
    ]).catch((error: NodeJS.ErrnoException) => error.code ?? 'error');
    probe.destroy();
    if (outcome === 'ECONNREFUSED') return true;
    await sleep(50);
  }
  return false;
}

describe('graceful shutdown', () => {
  const started: RunningServer[] = [];

  after(async () => {
    for (const server of started) await server.stop();
    // Each test's server has its own data (a reopened one shares its first start's).
    for (const storage of new Set(started.map((server) => server.storage))) await storage.dispose();
  });

  it('finishes the request in flight, refuses new connections, exits 0 and closes the database cleanly', async () => {
    const server = await startServer();
    started.push(server);
    const { port } = new URL(server.url);

    // A sign-in whose body arrives slowly: the server has the request but cannot answer it yet.
    const body = JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    const response = readResponse(socket);
    socket.write(
      [
        'POST /admin/api/session HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Origin: ${server.url}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(body.slice(0, 12));
    await sleep(300);

    server.process.kill('SIGTERM');
    assert.ok(await refusesNewConnections(Number(port), 5000), 'new connections are refused after SIGTERM');
    assert.equal(server.process.exitCode, null, 'the process waits for the request in flight');

    socket.write(body.slice(12));
    const answer = parseResponse(await response);
    assert.equal(answer.status, 200, `the sign-in completed: ${answer.body}`);
    assert.equal((JSON.parse(answer.body) as { staff: { email: string } }).staff.email, ADMIN_EMAIL);
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(cookie, /=.+/, 'the session cookie was set');

    assert.equal(await server.exited, 0, `the server exited cleanly:\n${server.output()}`);
    assert.doesNotMatch(server.output(), /"level":(50|60)/, 'no errors were logged while shutting down');

    // Same data folder (or PostgreSQL database): it opens, and the session written during shutdown is there.
    const reopened = await startServer({ storage: server.storage });
    started.push(reopened);
    const session = await fetch(`${reopened.url}/admin/api/session`, { headers: { cookie } });
    assert.equal(session.status, 200, 'the session committed during shutdown survived');
    assert.equal(await reopened.stop(), 0);
  });

  it('cuts a request that never completes once the grace period is over, and still exits 0', async () => {
    const server = await startServer({ env: { COURTYARD_SHUTDOWN_GRACE_MS: '1000' } });
    started.push(server);
    const { port } = new URL(server.url);
    // A client that announces a body and never sends it.
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    const response = readResponse(socket);
    socket.write(
      [
        'POST /admin/api/session HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Content-Type: application/json',
        'Content-Length: 100',
        '',
        '{"email":',
      ].join('\r\n'),
    );
    await sleep(300);
    const signalled = Date.now();
    server.process.kill('SIGTERM');
    assert.equal(await server.exited, 0, `the server exited cleanly:\n${server.output()}`);
    const took = Date.now() - signalled;
    assert.ok(took >= 900, `it waited for the grace period (${took} ms)`);
    assert.match(server.output(), /in-flight requests did not finish in time; closing their connections/);
    await response;
  });
});
