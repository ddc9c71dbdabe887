import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface RunOptions {
  /** As .mocharc.unit.cjs: two workers, which mocha ends itself. */
  readonly parallel?: boolean;
  /** Without --exit, as the suites run: a process kept alive must end by the leak check's own limit. */
  readonly exit?: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs fixture files under mocha with the leak check, as .mocharc.json does (or as .mocharc.unit.cjs, with `parallel`). */
function runFixture(
  files: string[],
  { parallel = false, exit = true, env = {} }: RunOptions = {},
): Promise<{ code: number; output: string }> {
  // tsx loaded by this node itself (not --node-option): mocha then runs here rather than in one more child process.
  const args = ['--import', 'tsx', 'node_modules/mocha/bin/mocha.js', '--no-config', '--require', 'spec/support/leak-check.ts'];
  // --exit: a leaked server would otherwise keep the child alive, which is the point of the fixture.
  // In parallel mode mocha ends its workers itself, so the run stops as .mocharc.unit.cjs's does, without it.
  args.push('--timeout', '30000', ...(parallel ? ['--parallel', '--jobs', '2'] : exit ? ['--exit'] : []), ...files);
  // Not a mocha worker itself, even when this spec runs in one (test:unit is parallel).
  const { MOCHA_WORKER_ID: _worker, ...parent } = process.env;
  return new Promise((resolve) => {
    // A short settle time: the leaky fixture's server never closes, so the check would wait it out in full.
    const childEnv = { ...parent, LEAK_CHECK_SETTLE_MS: '1000', ...env };
    execFile(process.execPath, args, { cwd: ROOT, env: childEnv, timeout: 90_000 }, (error, stdout, stderr) =>
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
  let leftovers: ReturnType<typeof runFixture>;
  let hang: ReturnType<typeof runFixture>;
  before(() => {
    leftovers = runFixture(['spec/fixtures/leak/lib-leftovers.fixture.ts']);
    hang = runFixture(['spec/fixtures/leak/hang.fixture.ts'], {
      exit: false,
      env: { LEAK_CHECK_SETTLE_MS: '500', LEAK_CHECK_HANG_MS: '1000' },
    });
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

  it("names what is no active resource: a library timer left pending (unref'd), SIGTERM/SIGINT listeners left registered", async () => {
    const { code, output } = await leftovers;
    expect(code, output).to.equal(1);
    expect(output).to.contain('leak check: spec/fixtures/leak/lib-leftovers.fixture.ts left alive');
    expect(output).to.match(/timer created at lib\/server\/builtin-checks\.ts:\d+ \+1/);
    expect(output).to.contain('SIGTERM listener +1').and.contain('SIGINT listener +1');
  });

  it('ends a run that something keeps alive after the last file (exit 1, naming what is alive) instead of hanging', async () => {
    const { code, output } = await hang;
    expect(code, output).to.equal(1);
    expect(output).to.match(/the process is still alive 1 s after the last spec file: .*TCPServerWrap/);
  });
});
