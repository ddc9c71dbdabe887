import { expect } from 'chai';
import type { TelemetryHandle } from '../../lib/index.js';
import { startApiServer, type ApiServer } from '../support/api-server.js';
import { startTestTelemetry, urlOf } from '../support/telemetry.js';

interface Health {
  readonly httpStatus: number;
  readonly status: string;
  readonly checks: Record<string, { status: string; detail?: string }>;
}

async function health(handle: TelemetryHandle): Promise<Health> {
  const res = await fetch(urlOf(handle, '/health'), { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as Omit<Health, 'httpStatus'>;
  return { httpStatus: res.status, ...body };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('/health built-in checks', function () {
  this.timeout(20_000);
  let handle: TelemetryHandle;
  let api: ApiServer | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    await api?.close();
    api = undefined;
  });

  it('event_loop: a blocked loop makes the bot degraded (still 200), and it recovers once the block leaves the window', async () => {
    handle = await startTestTelemetry({
      healthChecks: { eventLoopDelayMs: 50, eventLoopWindowSeconds: 0.3, dmarketDegradedAfterSeconds: false },
    });
    const until = Date.now() + 200;
    while (Date.now() < until); // the bot blocks its own loop
    await sleep(30);
    const blocked = await health(handle);
    expect(blocked.checks['event_loop']?.status, blocked.checks['event_loop']?.detail).to.equal('degraded');
    expect(blocked.status).to.equal('degraded');
    expect(blocked.httpStatus).to.equal(200);
    expect(blocked.checks).to.not.have.property('dmarket_api');
    await sleep(500);
    const calm = await health(handle);
    expect(calm.checks['event_loop']?.status, calm.checks['event_loop']?.detail).to.equal('ok');
  });

  it('event_loop: a client polling /health cannot hide a block from the liveness probe', async () => {
    handle = await startTestTelemetry({ healthChecks: { eventLoopDelayMs: 50, dmarketDegradedAfterSeconds: false } });
    const until = Date.now() + 200;
    while (Date.now() < until); // the bot blocks its own loop
    // Someone else polls /health many times right after the block...
    for (let i = 0; i < 20; i++) await health(handle);
    // ...and the orchestrator's probe still sees it.
    const probe = await health(handle);
    expect(probe.checks['event_loop']?.status, probe.checks['event_loop']?.detail).to.equal('degraded');
  });

  it('dmarket_api: ok before any request, degraded and then failing without a success, ok again after one', async () => {
    api = await startApiServer();
    handle = await startTestTelemetry({
      autoInstrument: true,
      dmarketHosts: [api.url],
      healthChecks: { eventLoopDelayMs: false, dmarketDegradedAfterSeconds: 0.3, dmarketFailAfterSeconds: 0.9 },
    });
    const first = await health(handle);
    expect(first.checks['dmarket_api']).to.deep.equal({ status: 'ok', detail: 'no DMarket request yet' });
    expect(first.checks).to.not.have.property('event_loop');
    await fetch(`${api.url}/account/v1/balance`).then((r) => r.arrayBuffer());
    expect((await health(handle)).checks['dmarket_api']?.status).to.equal('ok');
    // Only failures from now on: auto-captured 503s are attempts, not successes.
    await sleep(450);
    await fetch(`${api.url}/account/v1/balance`, { headers: { 'x-test-status': '503' } }).then((r) => r.arrayBuffer());
    const degraded = await health(handle);
    expect(degraded.checks['dmarket_api']?.status, degraded.checks['dmarket_api']?.detail).to.equal('degraded');
    expect(degraded.httpStatus).to.equal(200);
    await sleep(600);
    const failing = await health(handle);
    expect(failing.checks['dmarket_api']?.status).to.equal('fail');
    expect(failing.httpStatus).to.equal(503);
    await fetch(`${api.url}/account/v1/balance`).then((r) => r.arrayBuffer());
    const back = await health(handle);
    expect(back.checks['dmarket_api']?.status).to.equal('ok');
    expect(back.httpStatus).to.equal(200);
  });
});
