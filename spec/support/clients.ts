import { request as httpRequest, Agent, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ClientResult {
  readonly status?: number;
  readonly error?: Error;
}

/** One request through `node:http`/`node:https` (chosen by the URL), resolved, never rejected. */
export function nodeRequest(
  url: string,
  options: RequestOptions & { ca?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ClientResult> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, { ...options, timeout: options.timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => resolve({ error }));
    req.end();
  });
}

/** One request through the global `fetch` (undici), resolved, never rejected. */
export async function fetchRequest(url: string, init: RequestInit = {}): Promise<ClientResult> {
  try {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return { status: res.status };
  } catch (error) {
    return { error: error as Error };
  }
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 20 });
}

/** Runs `task` for each item with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
