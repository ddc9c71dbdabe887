/**
 * The monitoring stack without Docker: demo bots, a real `prometheus` and a real Alertmanager
 * on loopback, fed the repository's configs (rewritten by configs.ts), plus a webhook sink.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAlertWebhook, type AlertNotification } from '../alert-webhook.js';
import { writeAlertmanagerConfig, writePrometheusConfig, writeRules } from './configs.js';
import { findBinary, freePort, startProcess, waitForHttp, type Managed } from './processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LocalStackOptions {
  /** Ports of the demo bots; each becomes one `dmarket-bot` target. */
  readonly botPorts: readonly number[];
  readonly prometheusPort?: number;
  readonly alertmanagerPort?: number;
  readonly scrapeInterval?: string;
  readonly forOverride?: string;
  readonly fastAlerts?: boolean;
  readonly onAlert?: (notification: AlertNotification) => void;
  /** Extra demo arguments, e.g. `['--scenario', 'revoked-key']`. */
  readonly botArgs?: readonly string[];
}

export interface LocalStack {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  readonly botUrls: readonly string[];
  stopBot(index: number): Promise<void>;
  startBot(index: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const prometheusBin = findBinary(['prometheus'], 'prometheus');
  const alertmanagerBin = findBinary(['alertmanager', 'prometheus-alertmanager'], 'prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'dmbt-stack-'));
  const running: Managed[] = [];
  const bots: Array<Managed | undefined> = [];
  const webhook = await startAlertWebhook({ onAlert: options.onAlert ?? (() => undefined) });
  const stopAll = async (): Promise<void> => {
    await Promise.all([...running, ...bots].map((p) => p?.stop()));
    await webhook.close();
    rmSync(dir, { recursive: true, force: true });
  };

  const startBot = async (index: number): Promise<void> => {
    const port = options.botPorts[index] as number;
    const bot = startProcess(
      `bot:${port}`,
      process.execPath,
      ['--import', 'tsx', 'demo/main.ts', '--host', '127.0.0.1', '--port', String(port), ...(options.botArgs ?? [])],
      ROOT,
    );
    bots[index] = bot;
    await waitForHttp(`http://127.0.0.1:${port}/health`, bot);
  };

  try {
    await Promise.all(options.botPorts.map((_, i) => startBot(i)));
    const promPort = options.prometheusPort ?? (await freePort());
    const amPort = options.alertmanagerPort ?? (await freePort());
    const amConfig = writeAlertmanagerConfig(dir, { webhookUrl: webhook.url, fast: options.fastAlerts });
    const alertmanager = startProcess('alertmanager', alertmanagerBin, [
      `--config.file=${amConfig}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
      `--web.external-url=http://127.0.0.1:${amPort}`,
    ]);
    running.push(alertmanager);
    const promConfig = writePrometheusConfig(dir, {
      botTargets: options.botPorts.map((p) => `127.0.0.1:${p}`),
      selfTarget: `127.0.0.1:${promPort}`,
      alertmanagerTarget: `127.0.0.1:${amPort}`,
      rulesDir: writeRules(dir, options.forOverride),
      scrapeInterval: options.scrapeInterval,
    });
    const prometheus = startProcess('prometheus', prometheusBin, [
      `--config.file=${promConfig}`,
      `--storage.tsdb.path=${join(dir, 'prom-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      `--web.external-url=http://127.0.0.1:${promPort}`,
    ]);
    running.push(prometheus);
    await waitForHttp(`http://127.0.0.1:${amPort}/-/ready`, alertmanager);
    await waitForHttp(`http://127.0.0.1:${promPort}/-/ready`, prometheus);
    return {
      prometheusUrl: `http://127.0.0.1:${promPort}`,
      alertmanagerUrl: `http://127.0.0.1:${amPort}`,
      botUrls: options.botPorts.map((p) => `http://127.0.0.1:${p}`),
      stopBot: async (index) => bots[index]?.stop(),
      startBot,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
