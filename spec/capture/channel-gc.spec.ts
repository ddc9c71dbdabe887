import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('capture after a restart of telemetry before the first fetch', function () {
  this.timeout(60_000);

  // In Node 20 a diagnostics Channel without subscribers can be collected, and its finalizer then
  // deletes whichever Channel holds the name by then: the one undici makes on the first fetch.
  it('still hears fetch when telemetry was started and shut down before it, with a garbage collection between', async () => {
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', 'spec/fixtures/capture/restart-before-first-fetch.fixture.ts'],
        { cwd: ROOT, timeout: 45_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(output.trim()).to.equal('captured 1');
  });
});
