/** Alertmanager's HTTP API v2 (loopback): post alerts as Prometheus does, read them back. */
export interface PostedAlert {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly generatorURL?: string;
}

export interface AlertStatus {
  readonly labels: Record<string, string>;
  readonly status: { state: string; inhibitedBy: string[]; silencedBy: string[] };
  readonly fingerprint: string;
}

export async function postAlerts(baseUrl: string, alerts: readonly PostedAlert[]): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((a) => ({ ...a, startsAt: new Date().toISOString() }))),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
}

export async function getAlerts(baseUrl: string): Promise<AlertStatus[]> {
  const res = await fetch(`${baseUrl}/api/v2/alerts?inhibited=true&silenced=true&active=true`, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as AlertStatus[];
}

/** A counter of Alertmanager's own /metrics, summed over series matching `labels`. */
export async function metricSum(baseUrl: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) total += Number(line.split(' ').pop());
  }
  return total;
}
