/**
 * The repository's monitoring configs, rewritten for binaries on loopback: targets and paths
 * become local, Telegram is left out (no traffic leaves the machine), and tests may shorten
 * the alert `for` durations and Alertmanager's grouping waits.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const MONITORING = fileURLToPath(new URL('../../monitoring/', import.meta.url));

type Yaml = Record<string, unknown>;

export interface PrometheusConfigOptions {
  readonly botTargets: readonly string[];
  readonly selfTarget: string;
  readonly alertmanagerTarget: string;
  readonly rulesDir: string;
  readonly scrapeInterval?: string;
}

export function writePrometheusConfig(dir: string, options: PrometheusConfigOptions): string {
  const config = parse(readFileSync(join(MONITORING, 'prometheus/prometheus.yml'), 'utf8')) as Yaml & {
    global: Yaml;
    scrape_configs: Array<Yaml & { job_name: string; static_configs: Array<{ targets: string[] }> }>;
    alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
  };
  if (options.scrapeInterval) {
    config.global['scrape_interval'] = options.scrapeInterval;
    config.global['evaluation_interval'] = options.scrapeInterval;
  }
  config['rule_files'] = [join(options.rulesDir, '*.yml')];
  config.alerting.alertmanagers = [{ static_configs: [{ targets: [options.alertmanagerTarget] }] }];
  const targets: Record<string, string[]> = {
    'dmarket-bot': [...options.botTargets],
    prometheus: [options.selfTarget],
    alertmanager: [options.alertmanagerTarget],
  };
  for (const job of config.scrape_configs) {
    job.static_configs = [{ targets: targets[job.job_name] ?? [] }];
    if (options.scrapeInterval) job['scrape_interval'] = options.scrapeInterval;
  }
  const path = join(dir, 'prometheus.yml');
  writeFileSync(path, stringify(config));
  return path;
}

/** Copies the rules; `forOverride` replaces every alert's `for` (tests cannot wait an hour). */
export function writeRules(dir: string, forOverride?: string): string {
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  const source = join(MONITORING, 'prometheus/rules');
  for (const file of readdirSync(source).filter((f) => f.endsWith('.yml'))) {
    const rules = parse(readFileSync(join(source, file), 'utf8')) as { groups: Array<{ rules: Yaml[] }> };
    if (forOverride) for (const rule of rules.groups.flatMap((g) => g.rules)) if (rule['alert']) rule['for'] = forOverride;
    writeFileSync(join(rulesDir, file), stringify(rules));
  }
  return rulesDir;
}

export interface AlertmanagerConfigOptions {
  readonly webhookUrl: string;
  /** Short grouping waits for tests. */
  readonly fast?: boolean;
  /**
   * Keep the Telegram receiver, pointed at this Bot API (a loopback fake in tests). The token is
   * inlined as `bot_token`: the installed Alertmanager 0.25 has no `bot_token_file` (0.26+).
   */
  readonly telegram?: { readonly apiUrl: string; readonly token: string; readonly chatId?: number };
}

type TelegramConfig = Record<string, unknown>;

function localTelegram(configs: TelegramConfig[], telegram: NonNullable<AlertmanagerConfigOptions['telegram']>): TelegramConfig[] {
  return configs.map(({ bot_token_file: _file, ...rest }) => ({
    ...rest,
    bot_token: telegram.token,
    api_url: telegram.apiUrl,
    chat_id: telegram.chatId ?? rest['chat_id'],
  }));
}

export function writeAlertmanagerConfig(dir: string, options: AlertmanagerConfigOptions): string {
  const config = parse(readFileSync(join(MONITORING, 'alertmanager/alertmanager.yml'), 'utf8')) as Yaml & {
    route: Yaml & { routes?: Yaml[] };
    receivers: Array<Yaml & { webhook_configs?: Array<{ url: string }>; telegram_configs?: TelegramConfig[] }>;
  };
  config['templates'] = [join(MONITORING, 'alertmanager/templates/*.tmpl')];
  for (const receiver of config.receivers) {
    if (options.telegram && receiver.telegram_configs)
      receiver.telegram_configs = localTelegram(receiver.telegram_configs, options.telegram);
    else delete receiver['telegram_configs'];
    for (const hook of receiver.webhook_configs ?? []) hook.url = options.webhookUrl;
  }
  if (options.fast) {
    for (const route of [config.route, ...(config.route.routes ?? [])]) {
      route['group_wait'] = '1s';
      route['group_interval'] = '1s';
      if (route['receiver'] !== 'heartbeat') route['repeat_interval'] = '1h';
    }
  }
  const path = join(dir, 'alertmanager.yml');
  writeFileSync(path, stringify(config));
  return path;
}
