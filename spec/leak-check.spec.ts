import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs one fixture file under mocha with the leak check, as .mocharc.json does. */
function runFixture(file: string): Promise<{ code: number; output: string }> {
  const args = ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--require', 'spec/support/leak-check.ts'];
  // --exit: a leaked server would otherwise keep the child alive, which is the point of the fixture.
  args.push('--timeout', '30000', '--exit', file);
  return new Promise((resolve) => {
    // A short settle time: the leaky fixture's server never closes, so the check would wait it out in full.
    const env = { ...process.env, LEAK_CHECK_SETTLE_MS: '1000' };
    execFile(process.execPath, args, { cwd: ROOT, env, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('leak check after every spec file (spec/support/leak-check.ts)', function () {
  this.timeout(120_000);
  // Both fixtures run at once, each in its own process: the tests wait for one settle time, not two.
  let leaky: ReturnType<typeof runFixture>;
  let clean: ReturnType<typeof runFixture>;
  before(() => {
    leaky = runFixture('spec/fixtures/leak/leaky.fixture.ts');
    clean = runFixture('spec/fixtures/leak/clean.fixture.ts');
  });

  it('fails the file that leaves a server and a capture channel subscription alive, naming both', async () => {
    const { code, output } = await leaky;
    expect(code, output).to.equal(1);
    expect(output).to.contain('leak check: spec/fixtures/leak/leaky.fixture.ts left alive after its shutdown()');
    expect(output).to.contain('TCPServerWrap +1').and.contain('channel undici:request:create still subscribed');
  });

  it('passes a file that closes what it opened', async () => {
    const { code, output } = await clean;
    expect(code, output).to.equal(0);
    expect(output).to.not.contain('leak check:');
  });
});
