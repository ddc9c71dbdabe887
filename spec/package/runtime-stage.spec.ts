import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/stack/processes.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { eventually } from '../support/prometheus-api.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { replayedImage, ROOT, type ReplayedImage } from './support/runtime-stage.js';

/** Runs an exec-form instruction in the replayed image; resolves with its exit code. */
function runExec(image: ReplayedImage, argv: readonly string[], env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(argv[0] as string, argv.slice(1), { cwd: image.dir, env: image.processEnv(env), timeout: 10_000 }, (error) =>
      resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0),
    );
  });
}

describe('the Docker image, runtime stage replayed without Docker', function () {
  this.timeout(60_000);
  let image: ReplayedImage;

  before(function () {
    this.timeout(420_000);
    image = replayedImage();
  });

  it('pins the Node base image, builds in one stage and runs the last as a non-root user with a /health HEALTHCHECK', () => {
    expect(image.stages.length).to.be.at.least(2);
    for (const stage of image.stages) expect(stage.image).to.match(/^node:\d+\.\d+\.\d+-[a-z]+(-slim)?$/);
    const user = image.instruction('USER')?.text;
    expect(user)
      .to.be.a('string')
      .and.not.match(/^(root|0)(:|$)/);
    expect(image.instruction('HEALTHCHECK')?.exec?.join(' ')).to.contain('/health');
    expect(image.instruction('CMD')?.exec?.slice(0, 2)).to.deep.equal(['node', 'dist/demo/main.js']);
  });

  it('holds production dependencies only: the demo’s grammY, no TypeScript, tsx, mocha or types', () => {
    const modules = join(image.dir, 'node_modules');
    expect(existsSync(join(modules, 'grammy', 'package.json')), 'grammy').to.equal(true);
    expect(existsSync(join(modules, '@opentelemetry', 'sdk-metrics', 'package.json')), 'sdk-metrics').to.equal(true);
    for (const dev of ['typescript', 'tsx', 'mocha', 'chai', '@types/node', '@grpc/grpc-js', 'telegraf']) {
      expect(existsSync(join(modules, dev)), dev).to.equal(false);
    }
    expect(existsSync(join(image.dir, 'lib')), 'TypeScript sources').to.equal(false);
  });

  describe('the image’s exact CMD', () => {
    let child: ChildProcess;
    let port: number;
    let out = '';

    before(async () => {
      port = await freePort();
      const cmd = image.instruction('CMD')?.exec ?? [];
      // DEMO_HOST/DEMO_PORT override the image's ENV the way `docker run -e` would.
      child = spawn(cmd[0] as string, cmd.slice(1), {
        cwd: image.dir,
        env: image.processEnv({ DEMO_PORT: String(port), DEMO_HOST: '127.0.0.1' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    });

    after(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('answers /health with 200 and status ok', async () => {
      const ok = await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) })).status === 200,
        30_000,
      );
      expect(ok, out).to.equal(true);
      const body = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
      expect(body.status).to.not.equal('fail');
    });

    it('serves /metrics with the demo’s DMarket calls and grammY commands', async () => {
      let text = '';
      const seen = await eventually(async () => {
        text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
        const parsed = parseExposition(text);
        return samplesOf(parsed, 'dmarket_bot_api_requests_total').length > 0 && samplesOf(parsed, 'dmarket_bot_commands_total').length > 0;
      }, 30_000);
      expect(seen, `${out}\n${text.slice(0, 2000)}`).to.equal(true);
    });

    it('passes its own HEALTHCHECK command', async () => {
      const check = image.instruction('HEALTHCHECK')?.exec ?? [];
      expect(check[0]).to.equal('CMD');
      expect(await runExec(image, check.slice(1), { DEMO_PORT: String(port) })).to.equal(0);
    });

    it('stops cleanly on SIGTERM (docker stop)', async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      expect(code, out).to.equal(0);
      expect(out).to.contain('stopped');
    });
  });

  it('with the compose bot-otlp service’s environment, pushes OTLP (the exporter the otlp profile needs is in the image)', async () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const receiver = await startOtlpReceiver();
    const port = await freePort();
    const cmd = image.instruction('CMD')?.exec ?? [];
    const env = {
      ...compose.services['bot-otlp']?.environment,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      DEMO_PORT: String(port),
      DEMO_HOST: '127.0.0.1',
    };
    const child = spawn(cmd[0] as string, cmd.slice(1), { cwd: image.dir, env: image.processEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const pushed = await eventually(
        async () => receiver.received.some((r) => r.decoded.metrics.some((m) => m.name === 'dmarket_bot_api_requests_total')),
        30_000,
      );
      expect(pushed, out).to.equal(true);
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  });
});
