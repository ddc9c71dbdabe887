/** Small helpers shared by the benchmarks: medians, alternating timed rounds, tables. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type Contender = () => unknown;

/**
 * Runs each contender once per round, in alternating order, after `warmup` untimed rounds, and
 * returns each one's median milliseconds: side by side in one process, so machine noise and GC
 * state hit all of them alike.
 */
export async function alternate(
  contenders: Record<string, Contender>,
  rounds: number,
  warmup = 3,
  pauseMs = 0,
): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  const times = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = -warmup; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      // Untimed: lets rate limits (e.g. the endpoint's collection token bucket) refill between runs.
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const start = performance.now();
      await contenders[name]!();
      if (round >= 0) times.get(name)!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times.get(n)!)]));
}

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function ratio(slow: number, fast: number): string {
  return `${(slow / fast).toFixed(1)}×`;
}

export function machine(): string {
  return `node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString().slice(0, 10)}`;
}
