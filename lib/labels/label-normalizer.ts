import { BoundedValues } from './bounded-values.js';
import { LABEL_RULES, type LabelRule } from './label-rules.js';
import { OTHER, type LabelName } from './label-names.js';
import { cleanLabelText } from './text.js';

/** Result of normalising one raw value: the label value, or `undefined` when unusable. */
export type Normalized = string | undefined;

/**
 * Applies the label rules with per-collector state (the distinct-value caps).
 * Accepts strings, finite numbers and booleans; anything else is unusable.
 */
export class LabelNormalizer {
  private readonly bounded = new Map<LabelName, BoundedValues>();

  constructor(
    private readonly caps: Partial<Record<LabelName, number>> = {},
    private readonly rules: Readonly<Record<LabelName, LabelRule>> = LABEL_RULES,
  ) {}

  normalize(label: LabelName, raw: unknown): Normalized {
    const text = toText(raw);
    if (text === undefined) return undefined;
    const rule = this.rules[label];
    const value = cleanLabelText(rule.normalize ? rule.normalize(text) : text);
    if (value === '') return undefined;
    if (rule.known) return rule.known.has(value) ? value : (rule.fallback ?? OTHER);
    if (value === OTHER) return value;
    const cap = this.caps[label] ?? rule.cap;
    return cap === undefined ? value : this.boundedFor(label, cap).admit(value);
  }

  private boundedFor(label: LabelName, cap: number): BoundedValues {
    let bounded = this.bounded.get(label);
    if (!bounded) {
      bounded = new BoundedValues(cap);
      this.bounded.set(label, bounded);
    }
    return bounded;
  }
}

function toText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  if (typeof raw === 'boolean') return String(raw);
  return undefined;
}
