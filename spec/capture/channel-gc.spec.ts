import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('capture after a garbage collection between shutdown and the first fetch (Node 20 channel finalizer)', function () {
  this.timeout(60_000);

  it('start, shutdown before any fetch, GC, first fetch, start again: fetch is still captured', async () => {
    // Its own process: the collection must be forced (--expose-gc) and the first fetch must be that process's first.
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', 'spec/fixtures/capture/channel-gc.ts'],
        { cwd: ROOT, timeout: 45_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(output.trim().split('\n').at(-1)).to.equal('CAPTURED 1');
  });
});
