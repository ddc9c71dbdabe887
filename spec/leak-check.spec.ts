import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs fixture files under mocha with the leak check, as .mocharc.json does (or as .mocharc.unit.cjs, with `parallel`). */
function runFixture(files: string[], { parallel = false } = {}): Promise<{ code: number; output: string }> {
  // tsx loaded by this node itself (not --node-option): mocha then runs here rather than in one more child process.
  const args = ['--import', 'tsx', 'node_modules/mocha/bin/mocha.js', '--no-config', '--require', 'spec/support/leak-check.ts'];
  // --exit: a leaked server would otherwise keep the child alive, which is the point of the fixture.
  // In parallel mode mocha ends its workers itself, so the run stops as .mocharc.unit.cjs's does, without it.
  args.push('--timeout', '30000', ...(parallel ? ['--parallel', '--jobs', '2'] : ['--exit']), ...files);
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
  // The runs go at once, each in its own processes: the tests wait for one settle time, not three.
  let leaky: ReturnType<typeof runFixture>;
  let clean: ReturnType<typeof runFixture>;
  let parallel: ReturnType<typeof runFixture>;
  before(() => {
    leaky = runFixture(['spec/fixtures/leak/leaky.fixture.ts']);
    clean = runFixture(['spec/fixtures/leak/clean.fixture.ts']);
    parallel = runFixture(['spec/fixtures/leak/leaky.fixture.ts', 'spec/fixtures/leak/clean.fixture.ts'], { parallel: true });
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

  it('checks every file in each worker in parallel mode (npm run test:unit), naming only the leaky one', async () => {
    const { code, output } = await parallel;
    expect(code, output).to.equal(1);
    expect(output).to.contain('leak check: spec/fixtures/leak/leaky.fixture.ts left alive after its shutdown()');
    expect(output).to.contain('TCPServerWrap +1').and.contain('channel undici:request:create still subscribed');
    expect(output)
      .to.contain('opens a server and a subscription, then closes both')
      .and.not.contain('leak check: spec/fixtures/leak/clean');
  });
});
