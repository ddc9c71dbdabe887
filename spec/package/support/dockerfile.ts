/** A small Dockerfile reader: stages and their instructions, enough to replay them without Docker. */

export interface Instruction {
  readonly op: string;
  /** The raw argument text (continuations joined). */
  readonly text: string;
  /** The exec form (`["node", "x.js"]`) when the arguments are a JSON array. */
  readonly exec?: readonly string[];
  /** `--from=build`, `--interval=15s`, … */
  readonly flags: Readonly<Record<string, string>>;
}

export interface Stage {
  readonly image: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: Array<{ image: string; name?: string; instructions: Instruction[] }> = [];
  for (const line of lines) {
    const match = /^(\S+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`unparseable Dockerfile line: ${line}`);
    const op = (match[1] as string).toUpperCase();
    let rest = (match[2] as string).trim();
    const flags: Record<string, string> = {};
    for (let flag = /^--([a-z-]+)=(\S+)\s+/.exec(rest); flag; flag = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
      flags[flag[1] as string] = flag[2] as string;
      rest = rest.slice(flag[0].length);
    }
    if (op === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      stages.push({ image: image as string, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${op} before FROM`);
    // HEALTHCHECK's exec form is `CMD [...]`; kept as ['CMD', ...argv].
    const healthCmd = op === 'HEALTHCHECK' ? /^CMD\s+(\[.*\])$/.exec(rest) : null;
    const exec = healthCmd
      ? ['CMD', ...(JSON.parse(healthCmd[1] as string) as string[])]
      : rest.startsWith('[')
        ? (JSON.parse(rest) as string[])
        : undefined;
    stage.instructions.push({ op, text: rest, flags, ...(exec ? { exec } : {}) });
  }
  return stages;
}

/** `KEY=value KEY2=value2` of an ENV instruction. */
export function envOf(instruction: Instruction): Record<string, string> {
  return Object.fromEntries(
    [...instruction.text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)].map((m) => [
      m[1] as string,
      (m[2] as string).replace(/^"|"$/g, ''),
    ]),
  );
}

/** The sources and destination of a COPY (exec or shell form). */
export function copyArgs(instruction: Instruction): { sources: string[]; dest: string } {
  const parts = instruction.exec ? [...instruction.exec] : instruction.text.split(/\s+/);
  const dest = parts.pop();
  if (!dest || parts.length === 0) throw new Error(`COPY needs a source and a destination: ${instruction.text}`);
  return { sources: parts, dest };
}
