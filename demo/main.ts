/**
 * `npm start`: the demo bot with live telemetry. Starts a fake DMarket API and a fake Telegram
 * Bot API on 127.0.0.1, the telemetry endpoint on :8000, a real grammY bot with simulated users
 * and the simulated trading loop; runs until Ctrl-C or `--duration` seconds.
 */
import { parseArgs } from 'node:util';
import { startTelemetry, TelemetryListenError } from '../lib/index.js';
import { DemoDmarketClient } from './dmarket-client.js';
import { DEMO_SCENARIOS, startFakeDmarketApi } from './fake-dmarket-api.js';
import { FakeTelegramApi } from './fake-telegram-api.js';
import { SimulatedBot } from './simulated-bot.js';
import { SimulatedUsers } from './simulated-users.js';
import { startDemoTelegramBot } from './telegram-bot.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env['DEMO_DURATION'] },
    port: { type: 'string', default: process.env['DEMO_PORT'] ?? '8000' },
    host: { type: 'string', default: process.env['DEMO_HOST'] ?? '0.0.0.0' },
    // `revoked-key`: every signed DMarket call answers 401, to show the alert live.
    scenario: { type: 'string', default: process.env['DEMO_SCENARIO'] ?? 'normal' },
  },
});

const scenario = DEMO_SCENARIOS.find((s) => s === values.scenario);
if (!scenario) {
  console.error(`unknown --scenario ${values.scenario} (one of: ${DEMO_SCENARIOS.join(', ')})`);
  process.exit(2);
}
const api = await startFakeDmarketApi({ scenario });
// The fake API stands in for api.dmarket.com, so its address is the DMarket host to capture.
const telemetry = await startTelemetry({
  port: Number(values.port),
  host: values.host,
  // OTEL_SERVICE_NAME is the `job` of pushed series (and the alert rules' bot job): honour it.
  serviceName: process.env['OTEL_SERVICE_NAME'] || 'dmarket-bot',
  dmarketHosts: [api.url],
}).catch((error: unknown) => {
  // A busy port is one line with the fix, not a stack trace.
  console.error(
    error instanceof TelemetryListenError
      ? `${error.message}; choose another port: --port <n> or DEMO_PORT=<n> (npm start -- --port 8001)`
      : error,
  );
  process.exit(1);
});
// /health's built-in dmarket_api check follows the captured DMarket responses by itself.
const dmarket = new DemoDmarketClient(api.url);
const bot = new SimulatedBot(dmarket);
bot.start();
const telegram = new FakeTelegramApi();
const telegramRoot = await telegram.start();
const telegramBot = await startDemoTelegramBot(telegramRoot, dmarket);
const users = new SimulatedUsers(telegram);
users.start();

console.log(`fake DMarket API: ${api.url} (scenario: ${scenario})`);
console.log(`fake Telegram Bot API: ${telegramRoot} (a grammY bot polls it; simulated users write to it)`);
console.log(`metrics: ${telemetry.endpoint?.url}/metrics`);
console.log(`health: ${telemetry.endpoint?.url}/health`);
console.log(values.duration ? `running for ${values.duration} s` : 'running; press Ctrl-C to stop');

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`stopping (${reason})`);
  bot.stop();
  users.stop();
  await telegramBot.stop().catch(() => undefined);
  await Promise.allSettled([api.close(), telegram.stop(), telemetry.shutdown()]);
  console.log('stopped');
  process.exit(0);
}

process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
if (values.duration) setTimeout(() => void stop('duration elapsed'), Number(values.duration) * 1000);
