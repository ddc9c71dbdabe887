import { startTelemetry, type TelemetryHandle, type TelemetryOptions } from '../../lib/index.js';
import { parseExposition, type ParsedExposition } from './exposition.js';

/**
 * Starts telemetry on a free loopback port with a fixed identity (tests never use :8000).
 * HTTP auto-capture is off unless a test asks for it, so manual API recordings count.
 */
export function startTestTelemetry(options: TelemetryOptions = {}): Promise<TelemetryHandle> {
  return startTelemetry({
    host: '127.0.0.1',
    port: 0,
    autoInstrument: false,
    env: {},
    serviceInstanceId: 'test-instance',
    serviceVersion: '9.9.9',
    ...options,
  });
}

export function urlOf(handle: TelemetryHandle, path: string): string {
  if (!handle.endpoint) throw new Error('telemetry has no endpoint');
  return `http://127.0.0.1:${handle.endpoint.port}${path}`;
}

export async function scrapeText(handle: TelemetryHandle): Promise<string> {
  const res = await fetch(urlOf(handle, '/metrics'), { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`scrape answered ${res.status}`);
  return res.text();
}

export async function scrape(handle: TelemetryHandle): Promise<ParsedExposition> {
  return parseExposition(await scrapeText(handle));
}

/** The exposition without the target_info block, which carries SDK versions. */
export function withoutTargetInfo(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.includes('target_info'))
    .join('\n');
}
