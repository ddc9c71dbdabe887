/** A small Prometheus text parser for assertions: samples and `# TYPE` / `# HELP` lines. */

export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

export interface ParsedExposition {
  readonly samples: Sample[];
  readonly types: Map<string, string>;
  readonly helps: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/s;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): ParsedExposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (TYPE|HELP) (\S+) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'TYPE' ? types : helps).set(meta[2] as string, meta[3] as string);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] as string] = unescape(l[2] as string);
    samples.push({ name: m[1] as string, labels, value: parseValue(m[3] as string) });
  }
  return { samples, types, helps };
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** The single sample with this name and exactly these labels (undefined if absent). */
export function sampleValue(parsed: ParsedExposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  const hit = parsed.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want);
  return hit?.value;
}

export function samplesOf(parsed: ParsedExposition, name: string): Sample[] {
  return parsed.samples.filter((s) => s.name === name);
}
