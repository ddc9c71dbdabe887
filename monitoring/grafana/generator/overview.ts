import { dashboard, row, stat, table, timeseries } from './panels.js';
import { increase, orZero, quantile, rate, sel, sumBy } from './promql.js';

/** One account per bot (job): the highest balance its replicas report. */
const BALANCE = `max by (job) (${sel('dmarket_bot_balance_usd')})`;

/** Overview: is the bot up, who uses it, what it does per hour, what fails. */
export function overviewDashboard() {
  return dashboard('dmarket-bot-overview', 'DMarket Bot / Overview', ['overview'])
    .withRow(row('Now'))
    .withPanel(
      stat({
        title: 'Bot instances up',
        description: 'Bot instances whose telemetry arrives (target_info, scraped or pushed); 0 when every bot is down.',
        queries: [{ expr: orZero(`count(${sel('target_info')})`), instant: true }],
        width: 4,
        height: 5,
      }),
    )
    .withPanel(
      stat({
        title: 'Active users (1h)',
        description: 'Distinct users in the last hour (dmarket_bot_active_users{window="1h"}), summed over instances.',
        queries: [{ expr: sumBy('', sel('dmarket_bot_active_users', 'window="1h"')), instant: true }],
        width: 5,
        height: 5,
      }),
    )
    .withPanel(
      stat({
        title: 'Balance',
        description:
          'DMarket balance in USD per bot (job): replicas of one bot share one account, so the highest report counts, never the sum.',
        queries: [{ expr: BALANCE, legend: '{{job}}', instant: true }],
        unit: 'currencyUSD',
        width: 5,
        height: 5,
      }),
    )
    .withPanel(
      stat({
        title: 'Commands in the last hour',
        description: 'Telegram commands handled in the last hour.',
        queries: [{ expr: sumBy('', increase('dmarket_bot_commands_total', '1h')), instant: true }],
        unit: 'short',
        width: 5,
        height: 5,
      }),
    )
    .withPanel(
      stat({
        title: 'Dropped recordings (1h)',
        description: 'Invalid recordings the telemetry layer dropped; non-zero means some metrics are incomplete.',
        queries: [{ expr: orZero(sumBy('', increase('dmarket_bot_telemetry_dropped_total', '1h'))), instant: true }],
        unit: 'short',
        width: 5,
        height: 5,
      }),
    )
    .withPanel(
      table({
        title: 'Firing alerts',
        description:
          "Alerts firing now (Prometheus ALERTS) for the selected bots, plus the alert path's own: the Watchdog (always there while rules are evaluated) and Alertmanager's delivery failures. Job-level alerts have no instance.",
        queries: [
          {
            expr: `sum by (alertname, severity, job, instance) (${sel('ALERTS', 'alertstate="firing"')} or ALERTS{alertstate="firing",job=~"|alertmanager"})`,
            instant: true,
          },
        ],
        width: 24,
        height: 6,
      }),
    )
    .withRow(row('Money'))
    .withPanel(
      timeseries({
        title: 'Balance over time',
        description: 'DMarket balance in USD per bot (job); replicas report the same account, max not sum.',
        queries: [{ expr: BALANCE, legend: '{{job}}' }],
        unit: 'currencyUSD',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Trades per hour',
        description: 'Trades executed over 1h, by type.',
        queries: [{ expr: sumBy('type', increase('dmarket_bot_trades_total', '1h')), legend: '{{type}}' }],
        unit: 'short',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Trade volume per hour',
        description: 'USD traded over 1h, by type; compare buys with the balance.',
        queries: [{ expr: sumBy('type', increase('dmarket_bot_trade_volume_usd_total', '1h')), legend: '{{type}}' }],
        unit: 'currencyUSD',
      }),
    )
    .withRow(row('Activity per hour'))
    .withPanel(
      timeseries({
        title: 'Commands per hour',
        description: 'increase over 1h, by status.',
        queries: [{ expr: sumBy('status', increase('dmarket_bot_commands_total', '1h')), legend: '{{status}}' }],
        unit: 'short',
      }),
    )
    .withPanel(
      timeseries({
        title: 'API requests per hour',
        description: 'DMarket API requests over 1h, by status.',
        queries: [{ expr: sumBy('status', increase('dmarket_bot_api_requests_total', '1h')), legend: '{{status}}' }],
        unit: 'short',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Errors per hour',
        description: 'Bot errors over 1h, by module.',
        queries: [{ expr: sumBy('module', increase('dmarket_bot_errors_total', '1h')), legend: '{{module}}' }],
        unit: 'short',
      }),
    )
    .withRow(row('Commands'))
    .withPanel(
      table({
        title: 'Top 10 commands',
        description: 'Most used commands over the dashboard time range.',
        queries: [
          {
            expr: `topk(10, ${sumBy('command', increase('dmarket_bot_commands_total', '$__range'))})`,
            legend: '{{command}}',
            instant: true,
          },
        ],
        width: 12,
        height: 10,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Command error share',
        description: 'Share of commands that ended in error, over 1h.',
        queries: [
          {
            expr: `${sumBy('', increase('dmarket_bot_commands_total', '1h', 'status="error"'))} / ${sumBy('', increase('dmarket_bot_commands_total', '1h'))}`,
            legend: 'error share',
          },
        ],
        unit: 'percentunit',
        width: 12,
        height: 10,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Command latency p50 / p95',
        description: 'Handler time per command (telemetryMiddleware), 5m.',
        queries: [0.5, 0.95].map((q) => ({
          expr: quantile(q, sumBy('le, command', rate('dmarket_bot_command_duration_seconds_bucket', '5m'))),
          legend: `p${q * 100} {{command}}`,
        })),
        unit: 's',
        width: 12,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Telegram updates per hour',
        description: 'Updates received over 1h, by update type.',
        queries: [{ expr: sumBy('update_type', increase('dmarket_bot_updates_total', '1h')), legend: '{{update_type}}' }],
        unit: 'short',
        width: 12,
      }),
    )
    .withRow(row('Runtime'))
    .withPanel(
      timeseries({
        title: 'Event-loop delay',
        description: 'p99 and max event-loop delay per instance: Telegram updates wait this long.',
        queries: [
          { expr: sumBy('instance', sel('nodejs_eventloop_delay_p99_seconds')), legend: 'p99 {{instance}}' },
          { expr: sumBy('instance', sel('nodejs_eventloop_delay_max_seconds')), legend: 'max {{instance}}' },
        ],
        unit: 's',
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Event-loop utilization',
        description: 'Share of time the event loop was busy.',
        queries: [{ expr: sumBy('instance', sel('nodejs_eventloop_utilization_ratio')), legend: '{{instance}}' }],
        unit: 'percentunit',
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'CPU',
        description: 'CPU seconds per second used by the bot process.',
        queries: [{ expr: sumBy('instance', rate('process_cpu_seconds_total', '5m')), legend: '{{instance}}' }],
        unit: 'percentunit',
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Memory',
        description: 'Resident set size and V8 heap in use.',
        queries: [
          { expr: sumBy('instance', sel('process_resident_memory_bytes')), legend: 'rss {{instance}}' },
          { expr: sumBy('instance', sel('v8js_memory_heap_used_bytes')), legend: 'heap {{instance}}' },
        ],
        unit: 'bytes',
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'GC time',
        description: 'Seconds per second spent in garbage collection, by GC type.',
        queries: [{ expr: sumBy('v8js_gc_type', rate('v8js_gc_duration_seconds_sum', '5m')), legend: '{{v8js_gc_type}}' }],
        unit: 'percentunit',
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Active handles',
        description: 'Handles and requests keeping the event loop alive, by type.',
        queries: [{ expr: sumBy('v8js_resource_type', sel('nodejs_active_resources')), legend: '{{v8js_resource_type}}' }],
        unit: 'short',
        width: 8,
      }),
    );
}
