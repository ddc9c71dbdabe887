import { expect } from 'chai';
import { startTelemetry } from '../../lib/index.js';
import { figure } from '../support/figures.js';
import { settledHeap } from '../support/heap.js';
import { watchForCrashes } from '../support/no-crash.js';
import { lastValue, startOtlpReceiver, type OtlpReceiver, type ReceiverMode } from '../support/otlp-receiver.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INTERVAL_MS = 20;
const CYCLES = 200;

type Fault = 'refused' | Exclude<ReceiverMode, 'ok'>;

describe('OTLP backend faults', function () {
  this.timeout(60_000);

  for (const fault of ['refused', 'hang', 'error500', 'error503'] as Fault[]) {
    it(`${fault}: no crash, bounded memory over ${CYCLES} export cycles, correct totals after recovery`, async () => {
      const crashes = watchForCrashes();
      let receiver: OtlpReceiver = await startOtlpReceiver();
      const port = receiver.port;
      if (fault === 'refused') await receiver.close();
      else receiver.mode = fault;
      const handle = await startTelemetry({
        env: {
          OTEL_METRICS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${port}/v1/metrics`,
          OTEL_METRIC_EXPORT_INTERVAL: String(INTERVAL_MS),
          OTEL_METRIC_EXPORT_TIMEOUT: String(INTERVAL_MS),
        },
        host: '127.0.0.1',
        port: 0,
        autoInstrument: false,
      });
      try {
        let recorded = 0;
        const warmUp = async (cycles: number): Promise<void> => {
          for (let i = 0; i < cycles; i++) {
            handle.metrics.recordCommand('/arbitrage');
            recorded++;
            await wait(INTERVAL_MS);
          }
        };
        await warmUp(20);
        const before = settledHeap();
        await warmUp(CYCLES);
        const growth = settledHeap() - before;
        expect(growth, `heap grew ${(growth / 1e6).toFixed(1)} MB`).to.be.below(10e6);
        const report = await handle.health.report();
        expect(report.telemetry?.exports['otlp']?.ok).to.equal(false);

        // Backend back: the next export carries every recording since start (cumulative).
        if (fault === 'refused') receiver = await startOtlpReceiver(port);
        else receiver.mode = 'ok';
        handle.metrics.recordCommand('/arbitrage');
        recorded++;
        let total: number | undefined;
        for (let i = 0; i < 100 && total !== recorded; i++) {
          await wait(50);
          total = lastValue(receiver, 'dmarket_bot_commands_total', { command: '/arbitrage', status: 'ok' });
        }
        expect(total).to.equal(recorded);
        figure(
          'OTLP backend faults',
          `${fault}: heap growth over ${CYCLES} cycles; totals after recovery`,
          `${(growth / 1e6).toFixed(1)} MB; ${total} = ${recorded}`,
        );
      } finally {
        await handle.shutdown();
        await receiver.close();
        crashes.stop();
      }
      crashes.check();
    });
  }
});
