import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { figure } from '../support/figures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The fake credentials the demo's DMarket client signs every request with (demo/dmarket-client.ts). */
const SECRETS = ['demo-public-key-0000', 'dmar ed25519', 'abababababababab'];
/** Query strings the demo sends (gameId, orderBy, limit): must not be exported either. */
const QUERY_VALUES = ['orderBy=price', 'limit=100', 'gameId='];

describe('reliability: secrets never leave the process', function () {
  this.timeout(60_000);

  it('the demo with console spans: no key, signature or query value in logs, spans or the exposition', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--host', '127.0.0.1', '--port', '0', '--duration', '6'], {
      cwd: ROOT,
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'console' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exposition = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL:\n${output}`)), 20_000);
      const poll = setInterval(async () => {
        const url = /metrics: (http:\/\/\S+)\/metrics/.exec(output)?.[1];
        if (!url || !output.includes('url.template')) return;
        clearInterval(poll);
        clearTimeout(timer);
        await new Promise((r) => setTimeout(r, 2000));
        resolve(await (await fetch(`${url}/metrics`)).text());
      }, 200);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).to.equal(0);
    const spans = output.split('\n').filter((l) => l.includes('url.template')).length;
    expect(spans, 'console spans were printed').to.be.greaterThan(0);
    expect(exposition).to.contain('dmarket_bot_api_requests_total');
    for (const needle of [...SECRETS, ...QUERY_VALUES]) {
      expect(output, `logs/spans contain ${needle}`).to.not.contain(needle);
      expect(exposition, `exposition contains ${needle}`).to.not.contain(needle);
    }
    figure('secrets', 'spans and log lines / exposition bytes searched', `${spans} spans, ${output.length} B / ${exposition.length} B`);
    figure('secrets', 'API key, signature or query value found', 'none');
  });
});
