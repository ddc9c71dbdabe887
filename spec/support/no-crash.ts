/** Fails the surrounding test if an unhandled rejection or uncaught exception happens during it. */
export function watchForCrashes(): { check(): void; stop(): void } {
  const seen: unknown[] = [];
  const onError = (error: unknown): void => {
    seen.push(error);
  };
  process.on('unhandledRejection', onError);
  process.on('uncaughtException', onError);
  return {
    check: () => {
      if (seen.length > 0) throw new Error(`unhandled errors: ${seen.map(String).join('; ')}`);
    },
    stop: () => {
      process.off('unhandledRejection', onError);
      process.off('uncaughtException', onError);
    },
  };
}
