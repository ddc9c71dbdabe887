import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, freePort, startProcess, waitForHttp } from './processes.js';

export interface Scraper {
  /** `http://127.0.0.1:<port>` of its HTTP API. */
  readonly url: string;
  /** Stops the process and removes its temp dir. */
  stop(): Promise<void>;
}

/**
 * A real `prometheus` on a free loopback port, scraping each `job → port` on 127.0.0.1 every
 * `interval`, with its config and TSDB in a temp dir; resolves once it is ready.
 */
export async function startScrapingPrometheus(targets: Record<string, number>, interval = '1s'): Promise<Scraper> {
  const dir = mkdtempSync(join(tmpdir(), 'dmbt-prometheus-'));
  const jobs = Object.entries(targets).map(
    ([job, port]) => `  - job_name: ${job}\n    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`,
  );
  writeFileSync(
    join(dir, 'p.yml'),
    `global: { scrape_interval: ${interval}, scrape_timeout: ${interval} }\nscrape_configs:\n${jobs.join('\n')}\n`,
  );
  const port = await freePort();
  const prometheus = startProcess('prometheus', findBinary(['prometheus'], 'prometheus'), [
    `--config.file=${join(dir, 'p.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  const stop = async (): Promise<void> => {
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/-/ready`, prometheus);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
