/** An OTLP/HTTP metrics receiver on 127.0.0.1 whose behaviour a test can switch. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJson, decodeProtobuf, type DecodedRequest } from './otlp-decode.js';

export type ReceiverMode = 'ok' | 'error500' | 'error503' | 'hang';

export interface ReceivedExport {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly decoded: DecodedRequest;
}

export interface OtlpReceiver {
  readonly url: string;
  readonly port: number;
  /** Successfully accepted exports, decoded. */
  readonly received: ReceivedExport[];
  /** Every request that arrived, whatever the answer. */
  attempts: number;
  mode: ReceiverMode;
  close(): Promise<void>;
}

export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const receiver: Omit<OtlpReceiver, 'url' | 'port' | 'close'> = { received: [], attempts: 0, mode: 'ok' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.attempts++;
      if (receiver.mode === 'hang') return;
      if (receiver.mode !== 'ok') return void res.writeHead(receiver.mode === 'error500' ? 500 : 503).end();
      const body = Buffer.concat(chunks);
      const json = String(req.headers['content-type']).includes('json');
      receiver.received.push({ path: req.url ?? '', headers: req.headers, decoded: json ? decodeJson(body) : decodeProtobuf(body) });
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${bound}/v1/metrics`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** The last received value of a counter/gauge point with these attributes. */
export function lastValue(receiver: OtlpReceiver, name: string, attributes: Record<string, string> = {}): number | undefined {
  for (const { decoded } of [...receiver.received].reverse()) {
    const point = decoded.metrics
      .filter((m) => m.name === name)
      .flatMap((m) => m.points)
      .find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
    if (point) return point.value ?? point.count;
  }
  return undefined;
}
