/**
 * Figures the reliability suite measures, printed as one table when the run ends; with
 * RELIABILITY_REPORT=path also written there (npm run reliability updates docs/reliability.md).
 */
import { writeFileSync } from 'node:fs';

interface Figure {
  readonly attack: string;
  readonly measure: string;
  readonly value: string;
}

const figures: Figure[] = [];

export function figure(attack: string, measure: string, value: string | number): void {
  figures.push({ attack, measure, value: typeof value === 'number' ? String(Math.round(value * 100) / 100) : value });
}

export function figuresTable(): string {
  return ['| attack | measure | value |', '|---|---|---|', ...figures.map((f) => `| ${f.attack} | ${f.measure} | ${f.value} |`)].join('\n');
}

after(() => {
  if (figures.length === 0) return;
  process.stdout.write(`\nReliability figures (node ${process.version}, ${new Date().toISOString().slice(0, 10)}):\n${figuresTable()}\n`);
  const report = process.env['RELIABILITY_REPORT'];
  if (report) writeFileSync(report, `${figuresTable()}\n`);
});
