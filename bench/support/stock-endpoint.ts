import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { RecordingFacade } from '../../lib/recording/recording-facade.js';
import { CatalogInstruments } from '../../lib/sdk/instruments.js';
import { catalogViews } from '../../lib/sdk/views.js';
import { freePort } from '../../scripts/stack/processes.js';
import { fillToCap } from './fill.js';

/**
 * The stock OTel `PrometheusExporter` with its own HTTP server (its defaults), over an SDK holding
 * the same recordings as `fillToCap` gives this project's endpoint.
 */
export async function startStockEndpoint(): Promise<{ port: number; shutdown(): Promise<void> }> {
  const port = await freePort();
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port });
  await exporter.startServer();
  const provider = new MeterProvider({ readers: [exporter], views: catalogViews() });
  fillToCap(new RecordingFacade(new CatalogInstruments(provider.getMeter('stock'))));
  return { port, shutdown: async () => void (await Promise.all([exporter.shutdown(), provider.shutdown()])) };
}
