/** Arbitrage, users and the telemetry layer itself. */
import { PARAMS } from './params.js';
import { alert, bot, type RuleFile } from './rule.js';

export function arbitrageRules(): RuleFile {
  const m = PARAMS.scanStallMinutes;
  return {
    file: 'arbitrage.yml',
    about: 'The scanner: alive (scraped or pushing) but no scan finished.',
    groups: [
      {
        name: 'dmarket-bot-arbitrage',
        rules: [
          alert({
            name: 'ArbitrageScansStalled',
            // target_info says "alive" for pushing bots too, which have no `up`.
            expr: `(max by (job, instance) (${bot('up')}) == 1 or max by (job, instance) (${bot('target_info')}))\nunless on (job, instance)\nsum by (job, instance) (increase(dmarket_bot_arbitrage_scans_total[${m}m])) > 0`,
            for: '5m',
            severity: 'warning',
            summary: `No arbitrage scan finished on {{ $labels.instance }} for ${m} minutes`,
            description: `{{ $labels.job }} at {{ $labels.instance }} is up but completed no arbitrage scan in the last ${m} minutes.`,
            dashboard: 'dmarket-bot-arbitrage',
          }),
        ],
      },
    ],
  };
}

export function userRules(): RuleFile {
  return {
    file: 'users.yml',
    about: 'A product signal, not an outage: info goes to the webhook only.',
    groups: [
      {
        name: 'dmarket-bot-users',
        rules: [
          alert({
            name: 'LowActiveUsers',
            expr: `sum by (job) (dmarket_bot_active_users{window="1h"}) < ${PARAMS.lowActiveUsers}`,
            for: '1h',
            severity: 'info',
            summary: `Fewer than ${PARAMS.lowActiveUsers} active users in the last hour`,
            description: '{{ $labels.job }} has had only {{ $value }} distinct users per hour for an hour.',
            dashboard: 'dmarket-bot-overview',
          }),
        ],
      },
    ],
  };
}

/** Drops over 15 minutes, counting a counter that first appeared in that window from zero. */
function recent(counter: string): string {
  return `(increase(${counter}[15m]) and ${counter} offset 15m) or (${counter} unless ${counter} offset 15m)`;
}

export function telemetryRules(): RuleFile {
  const drops = `sum by (job) (\n  ${recent('dmarket_bot_telemetry_dropped_total')}\n  or\n  ${recent('dmarket_bot_telemetry_series_overflow_total')}\n)`;
  const common = {
    name: 'TelemetryDropping',
    for: '5m',
    summary: 'The telemetry layer is dropping or folding recordings',
    description:
      '{{ $labels.job }} dropped invalid recordings or hit a series limit ({{ $value | printf "%.0f" }} in the last 15 minutes); some bot metrics are incomplete or folded into other.',
    dashboard: 'dmarket-bot-overview',
  } as const;
  return {
    file: 'telemetry.yml',
    about: `Dropped or folded recordings. A few are info (webhook only); more than ${PARAMS.telemetryWarnDrops} in 15 minutes warn on Telegram.`,
    groups: [
      {
        name: 'dmarket-bot-telemetry',
        rules: [
          alert({ ...common, severity: 'warning', expr: `${drops} > ${PARAMS.telemetryWarnDrops}` }),
          alert({ ...common, severity: 'info', expr: `${drops} > 0 <= ${PARAMS.telemetryWarnDrops}` }),
        ],
      },
    ],
  };
}

export function alertingRules(): RuleFile {
  return {
    file: 'alerting.yml',
    about: 'The alert path watches itself: an always-firing Watchdog for a heartbeat, and failed notifications.',
    groups: [
      {
        name: 'dmarket-bot-alerting',
        rules: [
          alert({
            name: 'Watchdog',
            expr: 'vector(1)',
            for: '0m',
            severity: 'none',
            summary: 'Always firing: proves Prometheus → Alertmanager → heartbeat receiver works',
            description:
              'Fires forever ({{ $value }}). Alertmanager routes it to the heartbeat receiver; the heartbeat service alarms when it stops arriving.',
          }),
          alert({
            name: 'AlertmanagerNotificationsFailing',
            expr: `sum by (job, instance, integration) (increase(alertmanager_notifications_failed_total[10m])) > 0\nor\nsum by (job, instance, integration) (increase(alertmanager_notification_requests_failed_total[10m])) >= 3`,
            for: '1m',
            severity: 'critical',
            summary: 'Alertmanager cannot deliver {{ $labels.integration }} notifications',
            description:
              'Alertmanager {{ $labels.instance }} failed {{ $value | printf "%.0f" }} {{ $labels.integration }} notifications or requests in the last 10 minutes (wrong token or chat id, or the receiver is unreachable); alerts may not reach anyone.',
          }),
        ],
      },
    ],
  };
}
