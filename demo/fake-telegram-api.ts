import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Bot API call the fake received: method name and its JSON (or form) parameters. */
export interface ApiCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

const BOT = {
  id: 777000,
  is_bot: true,
  first_name: 'DMarket Bot',
  username: 'DMarketDemoBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};
/** Longest a getUpdates long poll is held, so bots stop quickly. */
const MAX_POLL_MS = 500;

/**
 * The slice of the Telegram Bot API a polling grammY or Telegraf bot uses (getMe, deleteWebhook,
 * getUpdates long polling, sendMessage, answerCallbackQuery, get/setMyCommands), on loopback.
 * Tests and the demo push updates in; replies are kept in `calls`.
 */
export class FakeTelegramApi {
  readonly calls: ApiCall[] = [];
  private readonly queue: Array<Record<string, unknown>> = [];
  private readonly waiting = new Set<() => void>();
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private commands: Array<{ command: string; description: string }>;
  private server: Server | undefined;

  constructor(options: { commands?: ReadonlyArray<{ command: string; description: string }> } = {}) {
    this.commands = [...(options.commands ?? [])];
  }

  get username(): string {
    return BOT.username;
  }

  /** Starts on 127.0.0.1 and returns the API root to give the bot framework. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues `/text` (a command, entities included) from user `userId`. */
  sendCommand(text: string, userId: number): void {
    const length = text.split(/\s/, 1)[0]!.length;
    this.push({ message: { ...this.message(text, userId), entities: [{ type: 'bot_command', offset: 0, length }] } });
  }

  sendText(text: string, userId: number): void {
    this.push({ message: this.message(text, userId) });
  }

  pressButton(data: string, userId: number): void {
    this.push({
      callback_query: {
        id: String(this.nextUpdateId),
        from: this.user(userId),
        chat_instance: '1',
        data,
        message: this.message('menu', userId),
      },
    });
  }

  /** Replies sent with sendMessage, in order. */
  replies(): string[] {
    return this.calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.params['text']));
  }

  push(update: Record<string, unknown>): void {
    this.queue.push({ update_id: this.nextUpdateId++, ...update });
    for (const wake of this.waiting) wake();
  }

  private user(id: number): Record<string, unknown> {
    return { id, is_bot: false, first_name: `User ${id}` };
  }

  private message(text: string, userId: number): Record<string, unknown> {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private' },
      from: this.user(userId),
      text,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').split('?')[0]!.split('/').pop() ?? '';
    const params = await body(req);
    this.calls.push({ method, params });
    const result = await this.answer(method, params);
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify(
        result === undefined ? { ok: false, error_code: 404, description: 'Not Found: method not found' } : { ok: true, result },
      ),
    );
  }

  private async answer(method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return BOT;
      case 'getUpdates':
        return this.updates(params);
      case 'getMyCommands':
        return this.commands;
      case 'setMyCommands':
        this.commands = (params['commands'] as typeof this.commands) ?? [];
        return true;
      case 'sendMessage':
        return { ...this.message(String(params['text']), Number(params['chat_id'])), from: BOT };
      case 'deleteWebhook':
      case 'answerCallbackQuery':
      case 'close':
        return true;
      default:
        return undefined;
    }
  }

  /** Long polling: updates from `offset` on, waiting up to MAX_POLL_MS for the first one. */
  private async updates(params: Record<string, unknown>): Promise<unknown[]> {
    const offset = Number(params['offset'] ?? 0);
    while (this.queue.length > 0 && Number(this.queue[0]!['update_id']) < offset) this.queue.shift();
    const timeoutMs = Math.min(Number(params['timeout'] ?? 0) * 1000, MAX_POLL_MS);
    if (this.queue.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, timeoutMs);
        this.waiting.add(wake);
      });
    }
    return this.queue.slice(0, Number(params['limit'] ?? 100));
  }
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (text === '') return Object.fromEntries(query);
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}
