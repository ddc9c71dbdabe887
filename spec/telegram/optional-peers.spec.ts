import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A resolve hook that makes grammy and telegraf (and their subpaths) unresolvable. */
const HIDE_FRAMEWORKS = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (/^(grammy|telegraf)(\\\\/|$)/.test(specifier)) throw new Error('hidden framework: ' + specifier);
  return next(specifier, context);
}\`));
`;

function run(script: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(HIDE_FRAMEWORKS)}`, '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('grammY and Telegraf are optional peers', function () {
  this.timeout(30_000);

  it('the core starts, records and serves without either framework installed', async () => {
    const { code, out } = await run(`
      const { startTelemetry } = await import('./lib/index.ts');
      const t = await startTelemetry({ host: '127.0.0.1', port: 0, env: {} });
      t.metrics.recordUpdate('message', { userId: 1 });
      const text = await (await fetch(t.endpoint.url + '/metrics')).text();
      console.log(text.includes('dmarket_bot_updates_total{update_type="message"} 1') ? 'CORE-OK' : 'MISSING');
      await t.shutdown();
    `);
    expect(out, out).to.include('CORE-OK');
    expect(code).to.equal(0);
  });

  it('the hook really hides them, and the adapters (type-only imports of the frameworks) still load', async () => {
    const hidden = await run(`await import('telegraf');`);
    expect(hidden.code).to.not.equal(0);
    expect(hidden.out).to.include('hidden framework: telegraf');
    const adapters = await run(`
      const g = await import('./lib/telegram/grammy.ts');
      const t = await import('./lib/telegram/telegraf.ts');
      console.log(typeof g.telemetryMiddleware(), typeof t.telemetryMiddleware());
    `);
    expect(adapters.out, adapters.out).to.include('function function');
  });
});
