import { ACTIVE_USER_WINDOWS, type ActiveUserWindow } from '../labels/label-values.js';
import { estimate, HyperLogLog, hashUserId } from './hyperloglog.js';

export { ACTIVE_USER_WINDOWS, type ActiveUserWindow };

const MINUTE = 60_000;

/**
 * A ring of sketches, one per time slot; a window's estimate is the union of its slots. Memory is
 * fixed (slots × 2^precision bytes) whatever the number of users; ids are only hashed, never kept.
 */
class SlotRing {
  private readonly sketches: HyperLogLog[];
  private readonly stamps: number[];

  constructor(
    private readonly slotMs: number,
    slots: number,
    precision: number,
  ) {
    this.sketches = Array.from({ length: slots }, () => new HyperLogLog(precision));
    this.stamps = new Array<number>(slots).fill(-1);
  }

  add(hash: number, now: number): void {
    const slot = Math.floor(now / this.slotMs);
    const i = slot % this.sketches.length;
    if (this.stamps[i] !== slot) {
      this.sketches[i]!.clear();
      this.stamps[i] = slot;
    }
    this.sketches[i]!.addHash(hash);
  }

  /** Distinct users in the last `slots` slots, the current one included. */
  count(slots: number, now: number, scratch: Uint8Array): number {
    const current = Math.floor(now / this.slotMs);
    scratch.fill(0);
    for (let i = 0; i < this.sketches.length; i++) {
      const age = current - this.stamps[i]!;
      if (this.stamps[i]! >= 0 && age >= 0 && age < slots) this.sketches[i]!.mergeInto(scratch);
    }
    return Math.round(estimate(scratch));
  }
}

/** Slot length and count per window: the window covers its length minus one slot to its length. */
const SLOTS: Record<ActiveUserWindow, { readonly slotMs: number; readonly slots: number }> = {
  '5m': { slotMs: MINUTE, slots: 5 },
  '1h': { slotMs: 5 * MINUTE, slots: 12 },
  '24h': { slotMs: 60 * MINUTE, slots: 24 },
};

/** Default sketch precision: ±0.81 % standard error, 16 KiB per sketch. */
export const ACTIVE_USERS_PRECISION = 14;

/**
 * Distinct active users over 5 minutes, 1 hour and 24 hours, from the user ids the bot sees.
 * 41 sketches (5 one-minute, 12 five-minute, 24 one-hour slots) of 16 KiB: 656 KiB in all, for
 * any number of users; an estimate merges at most 24 sketches.
 */
export class ActiveUsers {
  private readonly rings: Record<ActiveUserWindow, SlotRing>;
  private readonly scratch: Uint8Array;

  constructor(
    private readonly now: () => number = Date.now,
    precision = ACTIVE_USERS_PRECISION,
  ) {
    const ring = (w: ActiveUserWindow): SlotRing => new SlotRing(SLOTS[w].slotMs, SLOTS[w].slots, precision);
    this.rings = { '5m': ring('5m'), '1h': ring('1h'), '24h': ring('24h') };
    this.scratch = new Uint8Array(1 << precision);
  }

  see(userId: number | string): void {
    const hash = hashUserId(userId);
    const now = this.now();
    for (const w of ACTIVE_USER_WINDOWS) this.rings[w].add(hash, now);
  }

  counts(): Record<ActiveUserWindow, number> {
    const now = this.now();
    const count = (w: ActiveUserWindow): number => this.rings[w].count(SLOTS[w].slots, now, this.scratch);
    return { '5m': count('5m'), '1h': count('1h'), '24h': count('24h') };
  }
}
