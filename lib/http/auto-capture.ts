import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { setSink, currentSink, type CaptureSink } from './capture-sink.js';
import { httpCaptureConfig } from './http-capture.js';
import { subscribeUndiciErrors, undiciCaptureConfig } from './undici-capture.js';

interface Installed {
  readonly http: HttpInstrumentation;
  readonly undici: UndiciInstrumentation;
  unsubscribe: (() => void) | undefined;
}

let installed: Installed | undefined;
const requireBuiltin = createRequire(import.meta.url);

/**
 * Starts capturing DMarket requests made through `http`, `https`, `fetch` and undici into
 * `sink`. Returns the function that stops it. Synchronous, so a preload can patch before
 * the bot's own modules load.
 */
export function attachAutoCapture(sink: CaptureSink): () => void {
  setSink(sink);
  if (!installed) {
    // Constructing an instrumentation enables it (hooks `http` for the next require).
    installed = { http: new HttpInstrumentation(httpCaptureConfig()), undici: new UndiciInstrumentation(undiciCaptureConfig()), unsubscribe: undefined };
  } else {
    installed.http.enable();
    installed.undici.enable();
  }
  installed.unsubscribe ??= subscribeUndiciErrors();
  patchLoadedBuiltins();
  return () => detach(sink);
}

function detach(sink: CaptureSink): void {
  if (currentSink() !== sink || !installed) return;
  setSink(undefined);
  installed.http.disable();
  installed.undici.disable();
  installed.unsubscribe?.();
  installed.unsubscribe = undefined;
  syncBuiltinESMExports();
}

/**
 * `http` is usually loaded already. Requiring it runs the instrumentation's require hook, which
 * patches the shared exports object; syncing then updates ESM named imports (`import { request }`).
 */
function patchLoadedBuiltins(): void {
  requireBuiltin('node:http');
  requireBuiltin('node:https');
  syncBuiltinESMExports();
}
