import { expect } from 'chai';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshnessCheck, TelemetryListenError, type TelemetryHandle } from '../../lib/index.js';
import { PROMETHEUS_CONTENT_TYPE } from '../../lib/server/exposition.js';
import { startTestTelemetry, urlOf } from '../support/telemetry.js';

/** A raw request, so HEAD and odd methods are sent exactly as given. */
function send(port: number, method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function freePortInUse(): Promise<{ port: number; close: () => Promise<void> }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as AddressInfo).port, close: () => new Promise((r) => blocker.close(() => r())) };
}

describe('telemetry HTTP server', () => {
  let handle: TelemetryHandle;
  let port: number;
  beforeEach(async () => {
    handle = await startTestTelemetry({ healthCheckTimeoutMs: 200 });
    port = handle.endpoint?.port ?? 0;
  });
  afterEach(() => handle.shutdown());

  it('serves /metrics with the Prometheus text content type', async () => {
    const res = await send(port, 'GET', '/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal(PROMETHEUS_CONTENT_TYPE);
    expect(res.body).to.contain('# TYPE target_info gauge');
  });

  it('answers /health 200 with status, uptime, version and checks when all checks pass', async () => {
    handle.health.register('always', () => true);
    const res = await send(port, 'GET', '/health');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).to.include({ status: 'ok', version: '9.9.9' });
    expect(body['uptimeSeconds']).to.be.a('number');
    const checks = body['checks'] as Record<string, { status: string }>;
    expect(checks['always']).to.deep.equal({ status: 'ok' });
    // The built-in checks sit beside the bot's own ones.
    expect(Object.keys(checks).sort()).to.deep.equal(['always', 'dmarket_api', 'event_loop']);
  });

  it('answers /health 503 when a check fails, throws or hangs', async () => {
    const dmarket = freshnessCheck(60);
    handle.health.register('dmarket_api', dmarket.check);
    handle.health.register('throws', () => {
      throw new Error('db down');
    });
    handle.health.register('hangs', () => new Promise<boolean>(() => undefined));
    const res = await send(port, 'GET', '/health');
    expect(res.status).to.equal(503);
    const body = JSON.parse(res.body) as { status: string; checks: Record<string, { status: string; detail?: string }> };
    expect(body.status).to.equal('fail');
    expect(body.checks['dmarket_api']?.detail).to.equal('no success yet');
    expect(body.checks['throws']?.detail).to.contain('db down');
    expect(body.checks['hangs']?.detail).to.contain('200 ms');
    handle.health.unregister('throws');
    handle.health.unregister('hangs');
    dmarket.markSuccess();
    expect((await send(port, 'GET', '/health')).status).to.equal(200);
  });

  it('answers HEAD with headers and no body', async () => {
    for (const path of ['/metrics', '/health']) {
      const res = await send(port, 'HEAD', path);
      expect(res.status, path).to.equal(200);
      expect(Number(res.headers['content-length']), path).to.be.greaterThan(0);
      expect(res.body, path).to.equal('');
    }
  });

  it('answers 404 for unknown paths and 405 with Allow for other methods', async () => {
    expect((await send(port, 'GET', '/nope')).status).to.equal(404);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await send(port, method, '/metrics');
      expect(res.status, method).to.equal(405);
      expect(res.headers['allow']).to.equal('GET, HEAD');
    }
  });

  it('serves the rest (200) when a foreign observable callback throws, never a 500 that takes the bot down', async () => {
    const gauge = handle.meterProvider.getMeter('faulty').createObservableGauge('faulty_gauge');
    gauge.addCallback(() => {
      throw new Error('callback exploded');
    });
    const res = await send(port, 'GET', '/metrics');
    expect(res.status).to.equal(200);
    expect(res.body).to.contain('# TYPE target_info gauge').and.not.contain('faulty_gauge');
    const next = await send(port, 'GET', '/metrics');
    expect(next.body).to.contain('dmarket_bot_telemetry_dropped_total{reason="foreign_callback_failed"}');
  });

  it('answers 500 with a short message when collection itself fails', async () => {
    await handle.meterProvider.shutdown();
    const res = await send(port, 'GET', '/metrics');
    expect(res.status).to.equal(500);
    expect(res.body).to.match(/^\/metrics failed: MetricReader is shutdown/);
  });

  it('frees the port on shutdown, and shutdown twice is safe', async () => {
    await handle.shutdown();
    await handle.shutdown();
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((r) => again.close(r));
  });
});

describe('telemetry start-up faults', () => {
  it('rejects with an error naming the port and the cause when the port is in use', async () => {
    const blocker = await freePortInUse();
    try {
      let error: unknown;
      await startTestTelemetry({ port: blocker.port }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(TelemetryListenError);
      expect((error as Error).message)
        .to.contain(`127.0.0.1:${blocker.port}`)
        .and.contain('already in use')
        .and.contain('EADDRINUSE');
    } finally {
      await blocker.close();
    }
  });

  it("with onListenError 'continue' logs, runs without the endpoint and still records", async () => {
    const blocker = await freePortInUse();
    const warnings: string[] = [];
    try {
      const handle = await startTestTelemetry({ port: blocker.port, onListenError: 'continue', logger: { warn: (m) => warnings.push(m) } });
      expect(handle.endpoint).to.equal(undefined);
      expect(warnings.join('\n')).to.contain(String(blocker.port)).and.contain('continuing without the metrics endpoint');
      expect(() => handle.metrics.recordCommand('/start')).to.not.throw();
      await handle.shutdown();
    } finally {
      await blocker.close();
    }
  });

  it('reports an unusable host as the cause', async () => {
    let error: unknown;
    await startTestTelemetry({ host: '203.0.113.7' }).catch((e: unknown) => (error = e));
    expect((error as Error).message)
      .to.contain('203.0.113.7')
      .and.contain('EADDRNOTAVAIL');
  });

  it('the URL it reports is reachable', async () => {
    const handle = await startTestTelemetry();
    try {
      expect((await fetch(urlOf(handle, '/health'))).status).to.equal(200);
      expect(handle.endpoint?.url).to.equal(`http://127.0.0.1:${handle.endpoint?.port}`);
    } finally {
      await handle.shutdown();
    }
  });
});

describe('runPrometheusServer (seed compatibility)', () => {
  it('starts the same endpoint on the given port', async () => {
    const { runPrometheusServer } = await import('../../lib/index.js');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const handle = await runPrometheusServer({ port, host: '127.0.0.1' });
    try {
      expect(handle.endpoint?.port).to.equal(port);
      handle.metrics.recordCommand('/start');
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).to.contain('dmarket_bot_commands_total{command="/start",status="ok"} 1');
    } finally {
      await handle.shutdown();
    }
  });
});
