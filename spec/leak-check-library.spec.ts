import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('leak check: what the library leaves that is no active resource (spec/support/lib-resources.ts)', function () {
  this.timeout(120_000);

  it("names a library timer left pending (unref'd) and a SIGTERM/SIGINT listener left registered", async () => {
    const args = [
      'node_modules/mocha/bin/mocha.js',
      '--no-config',
      '--node-option',
      'import=tsx',
      '--require',
      'spec/support/leak-check.ts',
    ];
    args.push('--timeout', '30000', '--exit', 'spec/fixtures/leak/lib-leftovers.fixture.ts');
    const env = { ...process.env, LEAK_CHECK_SETTLE_MS: '1000' };
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(process.execPath, args, { cwd: ROOT, env, timeout: 90_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      ),
    );
    expect(code, output).to.equal(1);
    expect(output).to.contain('leak check: spec/fixtures/leak/lib-leftovers.fixture.ts left alive');
    expect(output).to.match(/timer created at lib\/server\/builtin-checks\.ts:\d+ \+1/);
    expect(output).to.contain('SIGTERM listener +1').and.contain('SIGINT listener +1');
  });

  it('ends a run that something keeps alive after the last file (exit 1, naming what is alive) instead of hanging', async () => {
    const args = [
      'node_modules/mocha/bin/mocha.js',
      '--no-config',
      '--node-option',
      'import=tsx',
      '--require',
      'spec/support/leak-check.ts',
    ];
    args.push('--timeout', '30000', 'spec/fixtures/leak/hang.fixture.ts');
    // Not a mocha worker itself, even when this spec runs in one (test:unit is parallel).
    const { MOCHA_WORKER_ID: _worker, ...parent } = process.env;
    const env = { ...parent, LEAK_CHECK_SETTLE_MS: '500', LEAK_CHECK_HANG_MS: '1000' };
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      ),
    );
    expect(code, output).to.equal(1);
    expect(output).to.match(/the process is still alive 1 s after the last spec file: .*TCPServerWrap/);
  });
});
