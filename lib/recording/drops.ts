import { diag } from '@opentelemetry/api';
import type { DropReason } from '../labels/label-values.js';
import type { CatalogInstruments } from '../sdk/instruments.js';

export type { DropReason };

/** Why a measurement is unusable, or `undefined` when it is a usable number. */
export function checkNumber(value: unknown, nonNegative: boolean): DropReason | undefined {
  if (typeof value !== 'number') return 'not_a_number';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return 'infinite';
  if (nonNegative && value < 0) return 'negative';
  return undefined;
}

/**
 * Largest amount one counter increment may add: far above any trade or scan, and small enough
 * that no number of increments can overflow a float64 sum to +Inf (which would stick forever).
 */
export const MAX_INCREMENT = 1e15;

/** `checkNumber` for counter increments: also refuses amounts above MAX_INCREMENT. */
export function checkIncrement(value: unknown): DropReason | undefined {
  return checkNumber(value, true) ?? ((value as number) > MAX_INCREMENT ? 'too_large' : undefined);
}

/**
 * Counts dropped recordings in `dmarket_bot_telemetry_dropped_total{reason}` and warns through
 * OTel diag once per reason, so a bot looping on a bad value does not flood its logs.
 */
export class DropRecorder {
  private readonly warned = new Set<DropReason>();

  constructor(private readonly instruments: CatalogInstruments) {}

  drop(reason: DropReason, where: string): void {
    try {
      this.instruments.add('dmarket_bot_telemetry_dropped_total', 1, { reason });
    } catch {
      // The self-metric is best effort; nothing may escape into bot code.
    }
    if (this.warned.has(reason)) return;
    this.warned.add(reason);
    diag.warn(
      `dmarket-bot-telemetry: ${where} dropped a recording (${reason}); ` +
        'further drops are counted in dmarket_bot_telemetry_dropped_total without a warning',
    );
  }
}
