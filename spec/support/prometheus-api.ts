/** Queries a real Prometheus over its HTTP API (loopback only). */
export interface QueryResult {
  readonly status: 'success' | 'error';
  readonly error?: string;
  readonly data?: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: unknown[] }> };
}

export async function instantQuery(baseUrl: string, expr: string): Promise<QueryResult> {
  const res = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as QueryResult;
}

/** Range query over the last `seconds`, as Grafana's time series panels send it. */
export async function rangeQuery(baseUrl: string, expr: string, seconds = 120): Promise<QueryResult> {
  const end = Date.now() / 1000;
  const params = new URLSearchParams({ query: expr, start: String(end - seconds), end: String(end), step: '5' });
  const res = await fetch(`${baseUrl}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as QueryResult;
}

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes; returns the last verdict. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
