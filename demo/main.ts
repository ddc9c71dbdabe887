/**
 * `npm start`: the demo bot with live telemetry. Starts a fake DMarket API on 127.0.0.1, the
 * telemetry endpoint on :8000 and a simulated bot; runs until Ctrl-C or `--duration` seconds.
 */
import { parseArgs } from 'node:util';
import { freshnessCheck, startTelemetry } from '../lib/index.js';
import { DemoDmarketClient } from './dmarket-client.js';
import { startFakeDmarketApi } from './fake-dmarket-api.js';
import { SimulatedBot } from './simulated-bot.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env['DEMO_DURATION'] },
    port: { type: 'string', default: process.env['DEMO_PORT'] ?? '8000' },
    host: { type: 'string', default: process.env['DEMO_HOST'] ?? '0.0.0.0' },
  },
});

const api = await startFakeDmarketApi();
// The fake API stands in for api.dmarket.com, so its address is the DMarket host to capture.
const telemetry = await startTelemetry({
  port: Number(values.port),
  host: values.host,
  serviceName: 'dmarket-bot-demo',
  dmarketHosts: [api.url],
});
const dmarketUp = freshnessCheck(60);
telemetry.health.register('dmarket_api', dmarketUp.check);
const bot = new SimulatedBot(new DemoDmarketClient(api.url, dmarketUp.markSuccess));
bot.start();

console.log(`fake DMarket API: ${api.url}`);
console.log(`metrics: ${telemetry.endpoint?.url}/metrics`);
console.log(`health: ${telemetry.endpoint?.url}/health`);
console.log(values.duration ? `running for ${values.duration} s` : 'running; press Ctrl-C to stop');

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`stopping (${reason})`);
  bot.stop();
  await Promise.allSettled([api.close(), telemetry.shutdown()]);
  console.log('stopped');
  process.exit(0);
}

process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
if (values.duration) setTimeout(() => void stop('duration elapsed'), Number(values.duration) * 1000);
