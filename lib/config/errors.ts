/** A configuration value that cannot be used; the message names the variable or key and what it accepts. */
export class TelemetryConfigError extends Error {
  constructor(message: string) {
    super(`dmarket-bot-telemetry: ${message}`);
    this.name = 'TelemetryConfigError';
  }
}
