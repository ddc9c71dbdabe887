/** What the bot itself does: its errors, Telegram commands and the money on its account. */
import { PARAMS } from './params.js';
import { alert, num, type RuleFile } from './rule.js';
import { ACTIVITY } from './recording.js';

const ERR = 'dmarket_bot_errors_total';

export function errorRules(): RuleFile {
  const errors = `sum by (job, instance) (rate(${ERR}[10m]))`;
  const activity = `sum by (job, instance) (rate(${ACTIVITY}[10m]))`;
  return {
    file: 'errors.yml',
    about: 'Bot errors relative to what the bot does, per instance: a busy healthy bot stays quiet.',
    groups: [
      {
        name: 'dmarket-bot-errors',
        rules: [
          alert({
            name: 'HighErrorRate',
            // An instance with errors and no activity at all compares against 0.
            expr: `(\n  ${errors}\n  /\n  (${activity} or ${errors} * 0)\n) > ${num(PARAMS.errorShare)}\nand\nsum by (job, instance) (increase(${ERR}[10m])) >= ${PARAMS.minErrorsIn10m}`,
            for: '10m',
            severity: 'warning',
            summary: 'Bot errors on {{ $labels.instance }} exceed ' + `${num(PARAMS.errorShare * 100)}% of its activity`,
            description: `{{ $labels.job }} at {{ $labels.instance }} raised {{ $value | printf "%.2f" }} errors per operation (DMarket call, Telegram update or scan) over the last 10 minutes (threshold ${num(PARAMS.errorShare)}, at least ${PARAMS.minErrorsIn10m} errors).`,
            dashboard: 'dmarket-bot-overview',
          }),
        ],
      },
    ],
  };
}

export function commandRules(): RuleFile {
  const CMD = 'dmarket_bot_commands_total';
  const DUR = 'dmarket_bot_command_duration_seconds';
  const enough = (metric: string) => `sum by (job, instance) (increase(${metric}[10m])) >= ${PARAMS.minCommandsIn10m}`;
  return {
    file: 'commands.yml',
    about: 'Telegram commands as users see them: failing or slow handlers, with a minimum number of commands.',
    groups: [
      {
        name: 'dmarket-bot-commands',
        rules: [
          alert({
            name: 'TelegramCommandErrors',
            expr: `(\n  sum by (job, instance) (rate(${CMD}{status="error"}[10m]))\n  /\n  sum by (job, instance) (rate(${CMD}[10m]))\n) > ${num(PARAMS.commandErrorShare)}\nand\n${enough(CMD)}`,
            for: '10m',
            severity: 'warning',
            summary: 'Telegram commands fail on {{ $labels.instance }}',
            description: `{{ $value | humanizePercentage }} of the Telegram commands handled by {{ $labels.job }} at {{ $labels.instance }} ended in error over 10 minutes (threshold ${num(PARAMS.commandErrorShare * 100)}%).`,
            dashboard: 'dmarket-bot-overview',
          }),
          alert({
            name: 'TelegramCommandsSlow',
            expr: `histogram_quantile(0.95, sum by (job, instance, le) (rate(${DUR}_bucket[10m]))) > ${PARAMS.commandLatencyP95Seconds}\nand on (job, instance)\n${enough(`${DUR}_count`)}`,
            for: '10m',
            severity: 'warning',
            summary: 'Telegram commands answer slowly on {{ $labels.instance }}',
            description: `p95 of Telegram command handling on {{ $labels.job }} at {{ $labels.instance }} is {{ $value | humanizeDuration }} over 10 minutes (threshold ${PARAMS.commandLatencyP95Seconds} s).`,
            dashboard: 'dmarket-bot-overview',
          }),
        ],
      },
    ],
  };
}

export function balanceRules(): RuleFile {
  // Replicas of one bot share one account and report the same balance: max, never sum.
  const balance = 'max by (job) (dmarket_bot_balance_usd)';
  const peak = 'max by (job) (max_over_time(dmarket_bot_balance_usd[1h]))';
  const buys = 'sum by (job) (increase(dmarket_bot_trade_volume_usd_total{type="buy"}[1h]))';
  return {
    file: 'balance.yml',
    about: 'Money leaving the account faster than the bot buys: a withdrawal, a leaked key, a runaway order loop.',
    groups: [
      {
        name: 'dmarket-bot-balance',
        rules: [
          alert({
            name: 'BalanceDropUnexplained',
            expr: `(\n  ${peak} - ${balance}\n  - (${buys} or ${balance} * 0)\n)\n> clamp_min(${peak} * ${num(PARAMS.balanceDropSlackShare)}, ${PARAMS.balanceDropSlackUsd})`,
            for: '5m',
            severity: 'critical',
            summary: 'The DMarket balance of {{ $labels.job }} dropped more than its buys explain',
            description: `The balance of {{ $labels.job }} fell {{ $value | humanize }} USD below its 1-hour peak beyond the USD the bot spent on buys (tolerance ${num(PARAMS.balanceDropSlackShare * 100)}% of the peak, at least ${PARAMS.balanceDropSlackUsd} USD).`,
            dashboard: 'dmarket-bot-overview',
          }),
        ],
      },
    ],
  };
}
