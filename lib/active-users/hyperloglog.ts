/**
 * HyperLogLog distinct counting (Flajolet et al. 2007, with the small-range correction):
 * 2^precision one-byte registers, relative standard error 1.04 / √(2^precision).
 */
export class HyperLogLog {
  readonly registers: Uint8Array;
  private readonly shift: number;

  constructor(readonly precision = 12) {
    this.registers = new Uint8Array(1 << precision);
    this.shift = 32 - precision;
  }

  /** Adds a 32-bit hash of the element. */
  addHash(hash: number): void {
    const index = hash >>> this.shift;
    // Rank: position of the first 1 bit in the remaining bits (all zero → their count + 1).
    const rest = (hash << this.precision) >>> 0;
    const rank = rest === 0 ? this.shift + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  clear(): void {
    this.registers.fill(0);
  }

  /** Register-wise maximum into `target`: the sketch of the union. */
  mergeInto(target: Uint8Array): void {
    const own = this.registers;
    for (let i = 0; i < own.length; i++) if (own[i]! > target[i]!) target[i] = own[i]!;
  }
}

/** The cardinality estimate of a register array. */
export function estimate(registers: Uint8Array): number {
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    sum += 2 ** -registers[i]!;
    if (registers[i] === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / sum;
  // Linear counting is more accurate while many registers are still empty.
  if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
  return raw;
}

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A well-mixed 32-bit hash of a user id (Telegram ids are integers below 2^52; strings allowed). */
export function hashUserId(id: number | string): number {
  if (typeof id === 'number' && Number.isSafeInteger(id)) {
    const lo = id >>> 0;
    const hi = Math.floor(id / 0x1_0000_0000) >>> 0;
    return fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  }
  const text = String(id);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
}
