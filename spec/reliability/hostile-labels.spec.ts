import { expect } from 'chai';
import type { TelemetryHandle } from '../../lib/index.js';
import { startScrapingPrometheus } from '../../scripts/stack/scraper.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { figure } from '../support/figures.js';
import { eventually, instantQuery } from '../support/prometheus-api.js';
import { promtoolCheckMetrics, run } from '../support/promtool.js';
import { scrapeText, startTestTelemetry } from '../support/telemetry.js';

const HOSTILE = [
  'say "hi"',
  'back\\slash\\\\double',
  'new\nline\r\nend',
  'nul\u0000byte',
  'lone \ud800 surrogate',
  'emoji 🚀💸 and ümlaut',
  '{}=,"\\\n',
  'x'.repeat(10_000),
];

/** The Python client's text parser (Debian python3-prometheus-client): label sets it read. */
const PYTHON_PARSER = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        if s.name == "dmarket_bot_errors_total":
            out.append([s.labels["error_type"], s.labels["module"], s.value])
print(json.dumps(out))
`;

describe('reliability: hostile label values', function () {
  this.timeout(60_000);
  let handle: TelemetryHandle;
  let text: string;
  let exported: Array<{ error_type: string; module: string; value: number }>;

  before(async () => {
    handle = await startTestTelemetry();
    HOSTILE.forEach((value, i) => {
      for (let n = 0; n <= i; n++) handle.metrics.recordError(value, `mod-${value.slice(0, 20)}`);
    });
    text = await scrapeText(handle);
    exported = samplesOf(parseExposition(text), 'dmarket_bot_errors_total').map((s) => ({
      error_type: s.labels['error_type'] as string,
      module: s.labels['module'] as string,
      value: s.value,
    }));
  });
  after(() => handle.shutdown());

  it('exports every hostile value as its own bounded, well-formed series', () => {
    expect(exported).to.have.length(HOSTILE.length);
    for (const s of exported) {
      expect(s.error_type.length).to.be.at.most(100);
      expect(s.error_type.isWellFormed()).to.equal(true);
      expect(s.error_type).to.not.match(/[\u0000-\u001f]/);
    }
    figure('hostile labels', 'values tried (quotes, backslashes, newlines, NUL, surrogates, emoji, 10 KB)', HOSTILE.length);
    figure('hostile labels', 'longest exported label value', `${Math.max(...exported.map((s) => s.error_type.length))} chars`);
  });

  it('passes promtool check metrics', async () => {
    const result = await promtoolCheckMetrics(text);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });

  it('is parsed to the same samples by an independent parser (prometheus_client, Python)', async () => {
    const result = await run('/usr/bin/python3', ['-c', PYTHON_PARSER], text);
    expect(result.code, result.stderr).to.equal(0);
    const parsed = (JSON.parse(result.stdout) as Array<[string, string, number]>).map(([error_type, module, value]) => ({
      error_type,
      module,
      value,
    }));
    expect(parsed).to.have.deep.members(exported);
  });

  it('is ingested by a real Prometheus, which returns the same label values', async () => {
    const prometheus = await startScrapingPrometheus({ bot: handle.endpoint?.port ?? 0 });
    try {
      const url = prometheus.url;
      let stored: Array<{ error_type: string; module: string; value: number }> = [];
      const ok = await eventually(async () => {
        const result = await instantQuery(url, 'dmarket_bot_errors_total');
        stored = (result.data?.result ?? []).map((r) => ({
          error_type: r.metric['error_type'] as string,
          module: r.metric['module'] as string,
          value: Number(r.value?.[1]),
        }));
        return stored.length === exported.length;
      }, 30_000);
      expect(ok, `prometheus stored ${stored.length} series`).to.equal(true);
      expect(stored).to.have.deep.members(exported);
      const up = await instantQuery(url, 'up{job="bot"}');
      expect(up.data?.result[0]?.value?.[1]).to.equal('1');
      figure('hostile labels', 'accepted by promtool / Python parser / real Prometheus', 'yes / yes / yes');
    } finally {
      await prometheus.stop();
    }
  });
});
