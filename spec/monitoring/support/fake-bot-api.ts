/**
 * A fake Telegram Bot API on 127.0.0.1 for Alertmanager's telegram receiver (`api_url`): records
 * every sendMessage, answers like Telegram, or 401 like Telegram does for a wrong token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  readonly token: string;
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export interface FakeBotApi {
  readonly url: string;
  readonly sent: SentMessage[];
  /** Requests that got 401. */
  rejected: number;
  close(): Promise<void>;
}

function parseBody(body: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('json')) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

export async function startFakeBotApi(validToken: string): Promise<FakeBotApi> {
  const api: FakeBotApi = { url: '', sent: [], rejected: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (!match || match[1] !== validToken) {
        api.rejected++;
        res.writeHead(401).end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
        return;
      }
      const params = body ? parseBody(body, req.headers['content-type']) : {};
      api.sent.push({ token: match[1], method: match[2] as string, params });
      const chat = { id: Number(params['chat_id'] ?? 0), type: 'supergroup', title: 'alerts' };
      const result =
        match[2] === 'getMe'
          ? { id: 1, is_bot: true, first_name: 'alerts', username: 'alerts_bot' }
          : { message_id: api.sent.length, date: 0, chat, text: params['text'] };
      res.writeHead(200).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
