// The outbox against the real server: nothing a resident sends is lost offline or when the server is
// busy, and nothing is written twice — not on retry, not with two tabs open.
import { expect } from '@open-wc/testing';
import { ApiError } from '../../packages/widgets/src/api/api-error.js';
import type { WriteRequest } from '../../packages/widgets/src/api/client.js';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import { notesUrl, serverSaw, setOffline, uniqueName, until } from './support/service.js';

function note(name: string, extra: Record<string, unknown> = {}): WriteRequest {
  return { url: notesUrl(), method: 'POST', idempotencyKey: crypto.randomUUID(), json: { name, ...extra } };
}

function outbox(options: ConstructorParameters<typeof Outbox>[0] = {}): Outbox {
  return new Outbox({ name: `outbox-test-${crypto.randomUUID()}`, baseDelayMs: 100, ...options });
}

async function storedNames(box: Outbox): Promise<string> {
  return JSON.stringify(await box.pending());
}

describe('Outbox', () => {
  const opened: Outbox[] = [];
  const track = (box: Outbox) => {
    opened.push(box);
    return box;
  };
  afterEach(async () => {
    await setOffline(false);
    for (const box of opened.splice(0)) box.stop();
  });

  it('sends at once when online, with one Idempotency-Key, and keeps nothing', async () => {
    const box = track(outbox());
    const request = note(uniqueName('online'));
    const outcome = await box.send(request);
    expect(outcome.kind).to.equal('sent');
    expect(await serverSaw((request.json as { name: string }).name, request.idempotencyKey)).to.deep.equal({
      rows: 1,
      attempts: 1,
    });
    expect(await box.pending()).to.have.length(0);
  });

  it('keeps a write made offline and sends it exactly once when back online', async () => {
    const box = track(outbox({ baseDelayMs: 60_000 })); // only the `online` event can send it
    const name = uniqueName('offline');
    const request = note(name, { phone: '13800000000' });
    await setOffline(true);
    const outcome = await box.send(request);
    expect(outcome.kind).to.equal('queued');
    expect(await box.pending()).to.have.length(1);

    const delivered = new Promise<CustomEvent>((resolve) =>
      box.addEventListener('delivered', (event) => resolve(event as CustomEvent), { once: true }),
    );
    await setOffline(false);
    window.dispatchEvent(new Event('online')); // what the browser fires when the signal returns
    const event = await delivered;
    expect(event.detail.idempotencyKey).to.equal(request.idempotencyKey);
    expect(event.detail.result.status).to.equal(201);
    expect(await serverSaw(name, request.idempotencyKey)).to.deep.equal({ rows: 1, attempts: 1 });
    // The phone number typed into the form is gone from the browser's store with the entry.
    expect(await storedNames(box)).not.to.contain('13800000000');
    expect(await box.pending()).to.have.length(0);
  });

  it('waits for Retry-After after a 503 and then sends once', async () => {
    const box = track(outbox());
    const name = uniqueName('busy');
    const request = note(name, { fail: { status: 503, times: 1, retryAfter: 2 } });
    const started = Date.now();
    const outcome = await box.send(request);
    expect(outcome.kind).to.equal('queued');
    const delivered = new Promise<number>((resolve) =>
      box.addEventListener('delivered', () => resolve(Date.now()), { once: true }),
    );
    const deliveredAt = await delivered;
    expect(deliveredAt - started).to.be.at.least(2000);
    expect(await serverSaw(name, request.idempotencyKey)).to.deep.equal({ rows: 1, attempts: 2 });
  });

  it('does not keep or retry a 4xx: the caller shows it', async () => {
    const box = track(outbox());
    const name = uniqueName('refused');
    const request = note(name, { fail: { status: 409, times: 5 } });
    let error: unknown;
    try {
      await box.send(request);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(409);
    expect((error as ApiError).code).to.equal('COURTYARD_CONFLICT');
    expect(await box.pending()).to.have.length(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await serverSaw(name, request.idempotencyKey)).to.deep.equal({ rows: 0, attempts: 1 });
  });

  it('drops a stored write the server later refuses with a 4xx and says so', async () => {
    const box = track(outbox());
    const name = uniqueName('later-refused');
    // First a 503 (kept, retried after a second, so the conflicting request below lands first), then the
    // server refuses it for good.
    const request = note(name, { fail: { status: 503, times: 1, retryAfter: 1 } });
    await box.send(request);
    // Make the stored entry's next answer a 4xx by sending a different body under the same key first.
    await fetch(notesUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
      body: JSON.stringify({ name: `${name} other` }),
    });
    const failed = new Promise<CustomEvent>((resolve) =>
      box.addEventListener('failed', (event) => resolve(event as CustomEvent), { once: true }),
    );
    const event = await failed;
    expect(event.detail.status).to.equal(422);
    expect(event.detail.code).to.equal('COURTYARD_IDEMPOTENCY_KEY_REUSED');
    expect(await box.pending()).to.have.length(0);
    expect((await serverSaw(name)).rows).to.equal(0);
  });

  it('keeps a write whose key is still in flight on the server (409): the retry gets the first answer', () => {
    const inFlight = new ApiError(409, 'COURTYARD_IDEMPOTENCY_IN_FLIGHT', 'still in progress', 1000);
    expect(inFlight.retryable).to.equal(true);
    expect(new ApiError(409, 'COURTYARD_CONFLICT', 'conflict').retryable).to.equal(false);
    expect(new ApiError(422, 'COURTYARD_IDEMPOTENCY_KEY_REUSED', 'reused').retryable).to.equal(false);
  });

  it('sends what an earlier page left, from one tab only when two are open', async () => {
    const name = `outbox-test-${crypto.randomUUID()}`;
    const first = track(new Outbox({ name, baseDelayMs: 60_000 }));
    const noteName = uniqueName('two-tabs');
    const request = note(noteName);
    await setOffline(true);
    expect((await first.send(request)).kind).to.equal('queued');
    first.stop(); // the page that queued it is gone
    await setOffline(false);

    // Two tabs load (two outboxes on the same store, each its own lock holder) and both try at once.
    const tabA = track(new Outbox({ name, baseDelayMs: 60_000 }));
    const tabB = track(new Outbox({ name, baseDelayMs: 60_000 }));
    const heard = (tab: Outbox) => new Promise((resolve) => tab.addEventListener('delivered', resolve, { once: true }));
    const heardInBoth = Promise.all([heard(tabA), heard(tabB)]);
    tabA.start();
    tabB.start();
    await heardInBoth; // the tab that did not send hears of it through BroadcastChannel
    await until(async () => (await serverSaw(noteName, request.idempotencyKey)).rows === 1);
    expect(await serverSaw(noteName, request.idempotencyKey)).to.deep.equal({ rows: 1, attempts: 1 });
    expect(await tabA.pending()).to.have.length(0);
  });
});
