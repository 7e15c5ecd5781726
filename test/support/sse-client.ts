// Reads a server-sent-events stream over real HTTP, the way a browser's EventSource would parse it.
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  /** Comment lines (`: heartbeat`). */
  comments: string[];
  retry?: number;
}

export interface SseConnection {
  response: Response;
  /** Resolves with the next message matching `accept`, failing after `timeoutMs`. */
  next(accept?: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const queue: SseMessage[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  let ended = false;
  const endedPromise = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let split = buffer.indexOf('\n\n');
        while (split >= 0) {
          queue.push(parse(buffer.slice(0, split)));
          buffer = buffer.slice(split + 2);
          split = buffer.indexOf('\n\n');
        }
        wake();
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      wake();
    }
  })();

  return {
    response,
    ended: endedPromise,
    close: () => abort.abort(),
    async next(accept = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = queue.findIndex(accept);
        if (index >= 0) return queue.splice(index, 1)[0] as SseMessage;
        if (ended) throw new Error('the stream ended before the expected message');
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error('timed out waiting for a server-sent event');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

function parse(block: string): SseMessage {
  const message: SseMessage = { comments: [] };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comments.push(line.slice(1).trim());
    else {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') message.retry = Number(value);
    }
  }
  if (data.length > 0) message.data = data.join('\n');
  return message;
}

/** True for a message that is a real event (not a comment, the retry hint or the stream's starting id). */
export const isEvent = (message: SseMessage) => message.data !== undefined && message.event !== undefined;

/** A real event on a topic, not a fresh stream's first message (`data: {}`, which only says where it starts). */
export const isTopicEvent = (message: SseMessage) => isEvent(message) && 'type' in JSON.parse(message.data as string);
