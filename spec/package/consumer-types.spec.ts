import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/stack/processes.js';
import { scrapeCommands, startBot, useInstalledConsumer, type Consumer } from './support/consumer.js';
import { ROOT } from './support/runtime-stage.js';

/** TypeScript bots against the packed, installed package: its published types as users compile them. */
const TYPED_BOT = `import { MetricsCollector, startTelemetry, TelemetryConfigError, type TelemetryHandle } from 'dmarket-bot-telemetry';
import { telemetryMiddleware } from 'dmarket-bot-telemetry/grammy';

export async function main(): Promise<TelemetryHandle> {
  const handle: TelemetryHandle = await startTelemetry({ port: 8000, metricsExporters: ['prometheus'] });
  MetricsCollector.recordArbitrageScan({ level: 'standard', game: 'csgo', duration: 2.5, found: 3 });
  handle.metrics.recordCommand('/start', { status: 'ok' });
  const port: number | undefined = handle.endpoint?.port;
  // @ts-expect-error -- a misspelled option must not type-check (the types are real, not any)
  await startTelemetry({ prot: 8000 });
  void telemetryMiddleware;
  void port;
  return handle;
}
export const isConfigError = (e: unknown): boolean => e instanceof TelemetryConfigError;
`;

/** Runs the project's tsc on a tsconfig inside the scratch bot; fails with tsc's own output. */
function tsc(consumer: Consumer, dir: string): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(consumer.dir, dir)], {
      cwd: consumer.dir,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 60_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
  }
}

describe('the packed package from TypeScript (tsc nodenext, bundler, .cts, full lib check)', function () {
  this.timeout(60_000);
  const setup = useInstalledConsumer();
  const stops = setup.stops;
  let consumer: Consumer;
  beforeEach(() => {
    consumer = setup.consumer();
  });

  for (const [resolution, module] of [
    ['nodenext', 'nodenext'],
    ['bundler', 'esnext'],
  ] as const) {
    it(`type-checks a bot with tsc --noEmit, moduleResolution ${resolution}`, () => {
      const dir = `tsc-${resolution}`;
      consumer.write(`${dir}/bot.ts`, TYPED_BOT);
      consumer.write(
        `${dir}/tsconfig.json`,
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules/@types')],
          },
          include: ['bot.ts'],
        }),
      );
      tsc(consumer, dir);
    });
  }

  it("the main entry's published .d.ts pass tsc's full check (skipLibCheck false, its default) with grammY and Telegraf not installed", () => {
    consumer.write(
      'tsc-strict/bot.ts',
      `import { MetricsCollector, startTelemetry, type TelemetryHandle } from 'dmarket-bot-telemetry';\nexport const start = (): Promise<TelemetryHandle> => startTelemetry({ port: 8000 });\nMetricsCollector.recordCommand('/start');\n`,
    );
    consumer.write(
      'tsc-strict/tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        include: ['bot.ts'],
      }),
    );
    tsc(consumer, 'tsc-strict');
  });

  it('a TypeScript CommonJS bot (.cts, module nodenext) may import the ESM package: tsc accepts it and node runs it (require(esm))', async () => {
    consumer.write(
      'tsc-cjs/bot.cts',
      `import { MetricsCollector, startTelemetry } from 'dmarket-bot-telemetry';\nvoid startTelemetry({ host: '127.0.0.1', port: Number(process.env['PORT']), runtimeMetrics: false }).then((t) => {\n  MetricsCollector.recordCommand('/cts');\n  console.log('READY ' + t.readers.join(','));\n});\nsetInterval(() => {}, 1000);\n`,
    );
    consumer.write(
      'tsc-cjs/tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          outDir: 'out',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        include: ['bot.cts'],
      }),
    );
    tsc(consumer, 'tsc-cjs');
    const port = await freePort();
    const bot = startBot(consumer.dir, ['tsc-cjs/out/bot.cjs'], { PORT: String(port) });
    stops.push(bot.stop);
    await bot.ready;
    expect((await scrapeCommands(port)).value('/cts')).to.equal(1);
  });
});
