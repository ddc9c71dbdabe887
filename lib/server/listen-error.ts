/** Turns a listen failure into one sentence that names the address and the cause. */
const CAUSES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use by another process',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the host is not an address of this machine',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved',
};

export class TelemetryListenError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    cause: NodeJS.ErrnoException,
    /** A more precise reason when known (e.g. the port is held by this very process). */
    knownReason?: string,
  ) {
    const code = cause.code;
    const reason = knownReason ?? (code && CAUSES[code]) ?? cause.message;
    super(`dmarket-bot-telemetry: cannot serve metrics on ${host}:${port}: ${reason}${code ? ` (${code})` : ''}`, { cause });
    this.name = 'TelemetryListenError';
    this.code = code;
  }
}
