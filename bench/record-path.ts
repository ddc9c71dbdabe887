/**
 * `npm run bench:record`: nanoseconds per recording call. This project's `MetricsCollector`
 * (label normalisation, series bound, OTel SDK) vs. the same calls on prom-client and on raw OTel
 * instruments (SDK only, attributes passed as they are). Alternated rounds, median.
 */
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { API_DURATION_BUCKETS } from '../lib/catalog.js';
import { DMARKET_ROUTES } from '../lib/dmarket/routes.js';
import { startTelemetry } from '../lib/index.js';
import { catalogViews } from '../lib/sdk/views.js';
import { alternate, machine, ratio, table } from './support/stats.js';

const OPS = Number(process.env['BENCH_OPS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 11);
// The shape of a busy bot: 20 endpoints × 3 methods × 5 statuses = 300 API series.
const ENDPOINTS = DMARKET_ROUTES.slice(0, 20).map((r) => r.template);
const METHODS = ['GET', 'POST', 'DELETE'];
const STATUSES = [200, 201, 400, 429, 503];
const COMMANDS = ['/start', '/balance', '/scan', '/targets', '/help', '/stats', '/buy', '/sell'];
const endpointOf = (i: number): string => ENDPOINTS[i % 20]!;
const methodOf = (i: number): string => METHODS[((i / 20) | 0) % 3]!;
const statusOf = (i: number): number => STATUSES[((i / 60) | 0) % 5]!;

const handle = await startTelemetry({
  host: '127.0.0.1',
  port: 0,
  autoInstrument: false,
  env: {},
  registerGlobal: false,
  runtimeMetrics: false,
});
const bot = handle.metrics;

const registry = new Registry();
const pc = {
  requests: new Counter({ name: 'api_requests_total', help: 'h', labelNames: ['endpoint', 'method', 'status'], registers: [registry] }),
  duration: new Histogram({
    name: 'api_duration_seconds',
    help: 'h',
    labelNames: ['endpoint', 'method'],
    buckets: [...API_DURATION_BUCKETS],
    registers: [registry],
  }),
  commands: new Counter({ name: 'commands_total', help: 'h', labelNames: ['command', 'status'], registers: [registry] }),
  users: new Gauge({ name: 'active_users', help: 'h', registers: [registry] }),
  balance: new Gauge({ name: 'balance_usd', help: 'h', registers: [registry] }),
};

const provider = new MeterProvider({ views: catalogViews() });
const meter = provider.getMeter('bench');
const otel = {
  requests: meter.createCounter('dmarket_bot_api_requests_total'),
  duration: meter.createHistogram('dmarket_bot_api_request_duration_seconds'),
  commands: meter.createCounter('dmarket_bot_commands_total'),
  users: meter.createGauge('dmarket_bot_active_users'),
  balance: meter.createGauge('dmarket_bot_balance_usd'),
};

/** Times OPS calls of `op(i)`; returns a contender for `alternate`. */
const loop = (op: (i: number) => void) => (): void => {
  for (let i = 0; i < OPS; i++) op(i);
};

const cases = {
  'recordApiRequest (counter + histogram)': {
    ours: loop((i) => bot.recordApiRequest({ endpoint: endpointOf(i), method: methodOf(i), status: statusOf(i), duration: 0.12 })),
    promClient: loop((i) => {
      pc.requests.inc({ endpoint: endpointOf(i), method: methodOf(i), status: String(statusOf(i)) });
      pc.duration.observe({ endpoint: endpointOf(i), method: methodOf(i) }, 0.12);
    }),
    rawOtel: loop((i) => {
      otel.requests.add(1, { endpoint: endpointOf(i), method: methodOf(i), status: String(statusOf(i)) });
      otel.duration.record(0.12, { endpoint: endpointOf(i), method: methodOf(i) });
    }),
  },
  'recordCommand (counter)': {
    ours: loop((i) => bot.recordCommand(COMMANDS[i & 7]!)),
    promClient: loop((i) => pc.commands.inc({ command: COMMANDS[i & 7]!, status: 'ok' })),
    rawOtel: loop((i) => otel.commands.add(1, { command: COMMANDS[i & 7]!, status: 'ok' })),
  },
  'updateBalance (gauge, no labels)': {
    ours: loop((i) => bot.updateBalance(i & 1023)),
    promClient: loop((i) => pc.balance.set(i & 1023)),
    rawOtel: loop((i) => otel.balance.record(i & 1023)),
  },
  'updateActiveUsers (gauge)': {
    ours: loop((i) => bot.updateActiveUsers(i & 1023)),
    promClient: loop((i) => pc.users.set(i & 1023)),
    rawOtel: loop((i) => otel.users.record(i & 1023)),
  },
};

const rows: (string | number)[][] = [];
for (const [name, contenders] of Object.entries(cases)) {
  const ms = await alternate(contenders, ROUNDS);
  const ns = (k: string): number => (ms[k]! * 1e6) / OPS;
  rows.push([
    name,
    ns('ours').toFixed(0),
    ns('promClient').toFixed(0),
    ns('rawOtel').toFixed(0),
    ratio(ns('ours'), ns('promClient')),
    ratio(ns('ours'), ns('rawOtel')),
  ]);
}
console.log(`${machine()}; ${OPS} calls per round, median of ${ROUNDS} alternating rounds\n`);
console.log(table(['call', 'this project ns/op', 'prom-client ns/op', 'raw OTel ns/op', 'ours / prom-client', 'ours / raw OTel'], rows));
await handle.shutdown();
await provider.shutdown();
