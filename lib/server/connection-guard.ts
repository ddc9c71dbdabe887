import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Per-connection and per-server limits of the metrics server (docs/reliability.md lists them). */
export interface ConnectionLimits {
  /** Most sockets held at once; a new one evicts an idle, then a stalled, then the oldest socket. */
  readonly maxConnections: number;
  /** From this many sockets on, idle keep-alive sockets are closed when a new one arrives. */
  readonly evictIdleAt: number;
  /** Most requests of one connection in flight (pipelined, response not yet written out). */
  readonly maxPipelined: number;
  /** A response the client has not read within this many ms cuts the socket. */
  readonly writeDeadlineMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  evictIdleAt: 192,
  maxPipelined: 4,
  writeDeadlineMs: 5000,
};

interface SocketState {
  inflight: number;
}

/**
 * Keeps the server answerable whatever clients do: sockets that pipeline requests without
 * reading the answers are cut (too many in flight, or output unread past the deadline), and a
 * new connection is always admitted by evicting an idle or stalled one instead of being refused,
 * so a liveness probe or a scrape gets through while hostile sockets hold the rest.
 */
export class ConnectionGuard {
  private readonly sockets = new Map<Socket, SocketState>();
  private evictions = 0;
  private cuts = 0;

  /** Sockets closed to admit a new one (idle, then stalled, then the oldest). */
  get evicted(): number {
    return this.evictions;
  }

  /** Sockets cut for pipelining too deep or not reading their responses. */
  get cut(): number {
    return this.cuts;
  }

  constructor(private readonly limits: ConnectionLimits = CONNECTION_LIMITS) {}

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** Counts the request on its socket; false (socket destroyed) when the socket has too many in flight. */
  request(req: IncomingMessage, res: ServerResponse): boolean {
    const state = this.sockets.get(req.socket);
    if (!state) return true;
    state.inflight++;
    res.once('close', () => state.inflight--);
    if (state.inflight > this.limits.maxPipelined) {
      this.cuts++;
      req.socket.destroy();
      return false;
    }
    return true;
  }

  /** Call when the response is complete: unless it is written out in time, the socket is cut. */
  watchWrite(res: ServerResponse): void {
    if (res.writableFinished) return;
    const timer = setTimeout(() => {
      if (res.writableFinished) return;
      this.cuts++;
      res.socket?.destroy();
    }, this.limits.writeDeadlineMs).unref();
    res.once('finish', () => clearTimeout(timer));
    res.once('close', () => clearTimeout(timer));
  }

  private admit(socket: Socket): void {
    if (this.sockets.size >= this.limits.evictIdleAt) this.evictIdle();
    if (this.sockets.size >= this.limits.maxConnections) this.evictOne();
    this.sockets.set(socket, { inflight: 0 });
    socket.once('close', () => this.sockets.delete(socket));
  }

  private idle(socket: Socket, state: SocketState): boolean {
    return state.inflight === 0 && socket.writableLength === 0;
  }

  /** Oldest first, keeping the newest quarter: a fresh probe still connecting is never the victim. */
  private evictIdle(): void {
    const keep = Math.floor(this.limits.evictIdleAt / 4);
    let candidates = this.sockets.size - keep;
    for (const [socket, state] of this.sockets) {
      if (candidates-- <= 0) break;
      if (this.idle(socket, state)) this.evict(socket);
    }
  }

  private evictOne(): void {
    let stalled: Socket | undefined;
    let oldest: Socket | undefined;
    for (const [socket, state] of this.sockets) {
      oldest ??= socket;
      if (this.idle(socket, state)) return this.evict(socket);
      if (!stalled && socket.writableLength > 0) stalled = socket;
    }
    const victim = stalled ?? oldest;
    if (victim) this.evict(victim);
  }

  private evict(socket: Socket): void {
    this.evictions++;
    this.sockets.delete(socket);
    socket.destroy();
  }
}
