/** Whole shutdown budget: the server closes and the last push is bounded well inside 5 s. */
export const SHUTDOWN_TIMEOUT_MS = 4000;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Opt-in: on SIGTERM/SIGINT, shut telemetry down. Whether the bot handles the signal itself is
 * decided when the signal arrives, before any listener has run (ours is prepended, so a bot's
 * `process.once` handler is still registered then): if it does, the bot's handlers own the exit
 * and this never ends the process; if nobody else listens, the signal is re-raised after the
 * shutdown, so the process ends exactly as it would have without this handler.
 */
export function shutdownOnSignals(shutdown: () => Promise<void>): () => void {
  const handlers = SIGNALS.map((signal) => {
    const onSignal = (): void => {
      const othersHandle = process.listeners(signal).some((l) => l !== onSignal);
      process.off(signal, onSignal);
      if (othersHandle) {
        void shutdown();
        return;
      }
      let raised = false;
      const reraise = (): void => {
        if (raised) return;
        raised = true;
        // Someone may have started listening meanwhile; then the exit is theirs.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      const deadline = setTimeout(reraise, SHUTDOWN_TIMEOUT_MS + 500).unref();
      void shutdown().finally(() => {
        clearTimeout(deadline);
        reraise();
      });
    };
    process.prependListener(signal, onSignal);
    return [signal, onSignal] as const;
  });
  return () => {
    for (const [signal, onSignal] of handlers) process.off(signal, onSignal);
  };
}
