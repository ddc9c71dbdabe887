import { dashboard, gauge, pie, row, timeseries } from './panels.js';
import { increase, quantile, rate, sel, sumBy } from './promql.js';

/** Arbitrage: scans, what they find, how long they take, targets and trades. */
export function arbitrageDashboard() {
  return dashboard('dmarket-bot-arbitrage', 'DMarket Bot / Arbitrage', ['arbitrage'])
    .withRow(row('Scans'))
    .withPanel(
      timeseries({
        title: 'Scans per day by level',
        description: 'Arbitrage scans over the last 24h, by level.',
        queries: [{ expr: sumBy('level', increase('dmarket_bot_arbitrage_scans_total', '1d')), legend: '{{level}}' }],
        unit: 'short',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Opportunities found per hour',
        description: 'Opportunities found by scans over 1h, by level.',
        queries: [{ expr: sumBy('level', increase('dmarket_bot_arbitrage_opportunities_found_total', '1h')), legend: '{{level}}' }],
        unit: 'short',
      }),
    )
    .withPanel(
      gauge({
        title: 'Average scan duration',
        description: 'Mean scan duration over 5m (sum / count).',
        queries: [
          {
            expr: `${sumBy('', rate('dmarket_bot_arbitrage_scan_duration_seconds_sum', '5m'))} / ${sumBy('', rate('dmarket_bot_arbitrage_scan_duration_seconds_count', '5m'))}`,
            instant: true,
          },
        ],
        unit: 's',
      }),
    )
    .withPanel(
      pie({
        title: 'Scans by game',
        description: 'Share of scans per game over 24h.',
        queries: [{ expr: sumBy('game', increase('dmarket_bot_arbitrage_scans_total', '1d')), legend: '{{game}}', instant: true }],
      }),
    )
    .withPanel(
      timeseries({
        title: 'p95 scan duration by level',
        description: '95th percentile of scan duration over 5m.',
        queries: [
          {
            expr: quantile(0.95, sumBy('le, level', rate('dmarket_bot_arbitrage_scan_duration_seconds_bucket', '5m'))),
            legend: '{{level}}',
          },
        ],
        unit: 's',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Scan rate by level',
        description: 'Scans per second (recording rule instance_level:…:rate5m).',
        queries: [{ expr: sumBy('level', sel('instance_level:dmarket_bot_arbitrage_scans:rate5m')), legend: '{{level}}' }],
        unit: 'ops',
      }),
    )
    .withRow(row('Targets and trades'))
    .withPanel(
      timeseries({
        title: 'Targets created and hit per hour',
        description: 'Buy orders placed and filled over 1h.',
        queries: [
          { expr: sumBy('', increase('dmarket_bot_targets_created_total', '1h')), legend: 'created' },
          { expr: sumBy('', increase('dmarket_bot_targets_hit_total', '1h')), legend: 'hit' },
        ],
        unit: 'short',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Active targets by game',
        description: 'Open buy orders.',
        queries: [{ expr: sumBy('game', sel('dmarket_bot_active_targets')), legend: '{{game}}' }],
        unit: 'short',
      }),
    )
    .withPanel(
      timeseries({
        title: 'Trade volume per day',
        description: 'USD traded over 24h, by type.',
        queries: [{ expr: sumBy('type', increase('dmarket_bot_trade_volume_usd_total', '1d')), legend: '{{type}}' }],
        unit: 'currencyUSD',
      }),
    );
}
