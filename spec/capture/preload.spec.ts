import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = 'spec/fixtures/preload';
const run = promisify(execFile);

/** Runs a fixture bot with node flags and env; returns its parsed report and stderr. */
async function runBot(args: string[], env: Record<string, string> = {}): Promise<{ series: string[]; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, args, {
    cwd: ROOT,
    timeout: 30_000,
    env: {
      ...process.env,
      DMARKET_API_URL: 'http://127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      ...env,
    },
  });
  const last = stdout.trim().split('\n').pop() ?? '{}';
  return { series: (JSON.parse(last) as { series?: string[] }).series ?? [], stderr };
}

const OFFER = 'dmarket_bot_api_requests_total{endpoint="/exchange/v1/offers/{id}",method="GET",status="200"}';

describe('preload entry (dmarket-bot-telemetry/register)', function () {
  this.timeout(120_000);

  before(async () => {
    // The entry points load the compiled package, as a bot that installed it would.
    await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 90_000 });
  });

  it('--require: a CommonJS bot that destructures http.request is captured', async () => {
    const { series } = await runBot(['--require', 'dmarket-bot-telemetry/register', `${FIXTURES}/bot.cjs`]);
    expect(series).to.deep.equal([`${OFFER} 2`]);
  });

  it('--import: an ESM bot with a named import of request is captured', async () => {
    const { series } = await runBot(['--import', 'dmarket-bot-telemetry/register', `${FIXTURES}/bot.mjs`]);
    expect(series).to.deep.equal([`${OFFER} 2`]);
  });

  it('metrics need no preload: a late startTelemetry still captures an early-bound http.request and fetch', async () => {
    const { series } = await runBot([`${FIXTURES}/late-start.cjs`]);
    expect(series).to.deep.equal([`${OFFER} 2`]);
  });

  it('a bad environment value is reported by name and the bot still runs', async () => {
    const { series, stderr } = await runBot(['--import', 'dmarket-bot-telemetry/register', `${FIXTURES}/bot.mjs`], {
      OTEL_EXPORTER_PROMETHEUS_PORT: 'eighty',
    });
    expect(stderr).to.contain('OTEL_EXPORTER_PROMETHEUS_PORT: not a port').and.contain('runs without telemetry');
    expect(series).to.deep.equal([]);
  });
});
