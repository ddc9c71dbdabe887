import { OTHER } from './label-names.js';

/**
 * Admits at most `cap` distinct values for one label; later new values fold into `other`.
 * Values seen before the cap was reached stay exported for the life of the process.
 */
export class BoundedValues {
  private readonly seen = new Set<string>();

  constructor(private readonly cap: number) {}

  admit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.cap) return OTHER;
    this.seen.add(value);
    return value;
  }

  get size(): number {
    return this.seen.size;
  }
}
