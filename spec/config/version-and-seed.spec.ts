import { expect } from 'chai';
import { runPrometheusServer, startTelemetry, TelemetryConfigError } from '../../lib/index.js';
import { freePort } from '../../scripts/stack/processes.js';

describe('service.version reads npm_package_version from the env option', function () {
  this.timeout(20_000);
  const saved = process.env['npm_package_version'];
  before(() => (process.env['npm_package_version'] = '7.7.7-process'));
  after(() => {
    if (saved === undefined) delete process.env['npm_package_version'];
    else process.env['npm_package_version'] = saved;
  });

  const versionWith = async (env: Record<string, string> | undefined): Promise<string> => {
    const handle = await startTelemetry({
      host: '127.0.0.1',
      port: 0,
      registerGlobal: false,
      runtimeMetrics: false,
      autoInstrument: false,
      env,
    });
    try {
      const body = (await (await fetch(`${handle.endpoint?.url as string}/health`)).json()) as { version: string };
      return body.version;
    } finally {
      await handle.shutdown();
    }
  };

  it('env: {} ignores the process environment', async () => expect(await versionWith({})).to.not.equal('7.7.7-process'));
  it('env: { npm_package_version } is used', async () => expect(await versionWith({ npm_package_version: '1.2.3' })).to.equal('1.2.3'));
  it('without env, process.env is read as before', async () => expect(await versionWith(undefined)).to.equal('7.7.7-process'));
});

describe('runPrometheusServer takes the port as the seed passed it', function () {
  this.timeout(20_000);
  it('runPrometheusServer(port) listens on that port', async () => {
    const port = await freePort();
    const handle = await runPrometheusServer(port);
    try {
      expect(handle.endpoint?.port).to.equal(port);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).to.equal(200);
    } finally {
      await handle.shutdown();
    }
  });
  it("runPrometheusServer('9464') is a TelemetryConfigError naming port", async () => {
    const error = await runPrometheusServer('9464' as never).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TelemetryConfigError);
    expect((error as Error).message).to.contain('port:');
  });
});
