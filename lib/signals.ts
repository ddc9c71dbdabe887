/** Whole shutdown budget: the server closes and the last push is bounded well inside 5 s. */
export const SHUTDOWN_TIMEOUT_MS = 4000;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Opt-in: on SIGTERM/SIGINT, shut telemetry down, then re-raise the signal if nobody else
 * handles it, so the process ends exactly as it would have without this handler.
 */
export function shutdownOnSignals(shutdown: () => Promise<void>): void {
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      process.off(signal, onSignal);
      let raised = false;
      const deadline = setTimeout(reraise, SHUTDOWN_TIMEOUT_MS + 500).unref();
      void shutdown().finally(() => {
        clearTimeout(deadline);
        reraise();
      });
      function reraise(): void {
        if (raised) return;
        raised = true;
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
