import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRules } from '../../scripts/stack/configs.js';
import { findBinary, freePort, startProcess, waitForHttp, type Managed } from '../../scripts/stack/processes.js';
import { eventually, instantQuery } from '../support/prometheus-api.js';

/**
 * Push mode against a real Prometheus: a loopback stand-in for the collector's :8889 exposition
 * (honor_labels, job = OTEL_SERVICE_NAME, instance = service.instance.id) that stops exposing a
 * bot's series the way `metric_expiration` does. Prometheus marks them stale, and the
 * repository's BotDown (for shortened to 2 s) must fire for the job, with no `up` for the bot.
 */
describe('BotDown in push mode (real prometheus, collector exposition on loopback)', function () {
  this.timeout(150_000);
  let dir: string;
  let server: Server;
  let prometheus: Managed;
  let url: string;
  let pushing = true;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dmbt-push-'));
    server = createServer((_req, res) => {
      const body = pushing
        ? 'target_info{job="dmarket-bot",instance="3f1c",service_name="dmarket-bot"} 1\nnodejs_eventloop_delay_p99_seconds{job="dmarket-bot",instance="3f1c"} 0.01\n'
        : '';
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const collector = (server.address() as AddressInfo).port;
    const port = await freePort();
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: ['${writeRules(dir, '2s')}/availability.yml']\n` +
        `scrape_configs:\n  - job_name: otel-collector\n    honor_labels: true\n    static_configs: [{ targets: ['127.0.0.1:${collector}'] }]\n`,
    );
    prometheus = startProcess('prometheus', findBinary(['prometheus'], 'prometheus'), [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/-/ready`, prometheus);
  });

  after(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const firing = async () => (await instantQuery(url, 'ALERTS{alertname="BotDown",alertstate="firing"}')).data?.result ?? [];

  it('stays silent while the bot pushes, and fires for the job once the collector forgets it', async () => {
    // The rule remembers pushing jobs at 1-minute steps: wait until one step has seen this bot.
    const seen = await eventually(
      async () => ((await instantQuery(url, 'max_over_time(count by (job) (target_info)[1h:1m])')).data?.result.length ?? 0) > 0,
      75_000,
    );
    expect(seen, prometheus.output()).to.equal(true);
    expect(await firing()).to.have.length(0);
    pushing = false;
    expect(await eventually(async () => (await firing()).length > 0, 30_000), 'BotDown firing').to.equal(true);
    expect((await firing())[0]?.metric)
      .to.include({ job: 'dmarket-bot', severity: 'critical' })
      .and.not.have.property('instance');
  });
});
