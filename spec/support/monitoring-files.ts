import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PROM_DIR = `${ROOT}monitoring/prometheus`;
export const RULES_DIR = `${PROM_DIR}/rules`;
export const RULE_TESTS_DIR = `${PROM_DIR}/tests`;
export const ALERTMANAGER_CONFIG = `${ROOT}monitoring/alertmanager/alertmanager.yml`;

export interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => `${dir}/${f}`);
}

export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

/** Every rule of every rules file, with the file it came from. */
export function allRules(): Array<Rule & { file: string }> {
  return yamlFiles(RULES_DIR).flatMap((file) =>
    readYaml<{ groups: Array<{ rules: Rule[] }> }>(file).groups.flatMap((g) => g.rules.map((r) => ({ ...r, file }))),
  );
}
