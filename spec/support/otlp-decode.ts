/**
 * Decodes OTLP metrics requests (protobuf wire format or JSON) into one plain shape for
 * assertions. The protobuf side is a small wire-format reader with the field numbers of
 * opentelemetry/proto/metrics/v1/metrics.proto; nothing here comes from the exporter under test.
 */
export interface DecodedPoint {
  readonly attributes: Record<string, string | number | boolean>;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
  readonly bounds?: number[];
  readonly buckets?: number[];
}

export interface DecodedMetric {
  readonly name: string;
  readonly unit: string;
  readonly kind: 'sum' | 'gauge' | 'histogram';
  readonly points: DecodedPoint[];
}

export interface DecodedRequest {
  readonly resource: Record<string, string | number | boolean>;
  readonly metrics: DecodedMetric[];
}

type Field = { no: number; wire: number; value: bigint | Buffer };

function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ no, wire, value: varint() });
    else if (wire === 1) fields.push({ no, wire, value: buf.subarray(pos, (pos += 8)) });
    else if (wire === 2) {
      const len = Number(varint());
      fields.push({ no, wire, value: buf.subarray(pos, (pos += len)) });
    } else if (wire === 5) fields.push({ no, wire, value: buf.subarray(pos, (pos += 4)) });
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return fields;
}

const all = (fields: Field[], no: number): Field[] => fields.filter((f) => f.no === no);
const bytes = (f: Field | undefined): Buffer => (f?.value instanceof Buffer ? f.value : Buffer.alloc(0));
const str = (f: Field | undefined): string => bytes(f).toString('utf8');
const f64 = (f: Field | undefined): number => (f ? bytes(f).readDoubleLE(0) : 0);
const u64 = (f: Field | undefined): number =>
  f === undefined ? 0 : f.wire === 1 ? Number(bytes(f).readBigUInt64LE(0)) : Number(f.value as bigint);

function anyValue(buf: Buffer): string | number | boolean {
  const [f] = readFields(buf);
  if (!f) return '';
  if (f.no === 1) return str(f);
  if (f.no === 2) return f.value === 1n;
  if (f.no === 3) return Number(f.value as bigint);
  if (f.no === 4) return f64(f);
  return '';
}

function attributes(fields: Field[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of fields) {
    const parts = readFields(bytes(kv));
    out[str(all(parts, 1)[0])] = anyValue(bytes(all(parts, 2)[0]));
  }
  return out;
}

function packed(field: Field | undefined, width: 8, read: (b: Buffer, o: number) => number): number[] {
  const b = bytes(field);
  return Array.from({ length: b.length / width }, (_, i) => read(b, i * width));
}

function numberPoint(buf: Buffer): DecodedPoint {
  const f = readFields(buf);
  const asDouble = all(f, 4)[0];
  const asInt = all(f, 6)[0];
  return { attributes: attributes(all(f, 7)), value: asDouble ? f64(asDouble) : Number(bytes(asInt).readBigInt64LE(0)) };
}

function histogramPoint(buf: Buffer): DecodedPoint {
  const f = readFields(buf);
  return {
    attributes: attributes(all(f, 9)),
    count: u64(all(f, 4)[0]),
    sum: f64(all(f, 5)[0]),
    buckets: packed(all(f, 6)[0], 8, (b, o) => Number(b.readBigUInt64LE(o))),
    bounds: packed(all(f, 7)[0], 8, (b, o) => b.readDoubleLE(o)),
  };
}

function metric(buf: Buffer): DecodedMetric {
  const f = readFields(buf);
  const base = { name: str(all(f, 1)[0]), unit: str(all(f, 3)[0]) };
  const points = (dataFieldNo: number, decode: (b: Buffer) => DecodedPoint): DecodedPoint[] =>
    all(readFields(bytes(all(f, dataFieldNo)[0])), 1).map((p) => decode(bytes(p)));
  if (all(f, 7).length) return { ...base, kind: 'sum', points: points(7, numberPoint) };
  if (all(f, 5).length) return { ...base, kind: 'gauge', points: points(5, numberPoint) };
  return { ...base, kind: 'histogram', points: points(9, histogramPoint) };
}

export function decodeProtobuf(body: Buffer): DecodedRequest {
  const resourceMetrics = all(readFields(body), 1).map((rm) => readFields(bytes(rm)));
  const first = resourceMetrics[0] ?? [];
  const resource = attributes(all(readFields(bytes(all(first, 1)[0])), 1));
  const metrics = resourceMetrics.flatMap((rm) => all(rm, 2).flatMap((sm) => all(readFields(bytes(sm)), 2).map((m) => metric(bytes(m)))));
  return { resource, metrics };
}

interface JsonKv {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
}

function jsonAttributes(list: JsonKv[] = []): Record<string, string | number | boolean> {
  return Object.fromEntries(
    list.map((kv) => [kv.key, kv.value.stringValue ?? kv.value.boolValue ?? Number(kv.value.intValue ?? kv.value.doubleValue ?? 0)]),
  );
}

type JsonPoint = {
  attributes?: JsonKv[];
  asDouble?: number;
  asInt?: string | number;
  count?: string | number;
  sum?: number;
  bucketCounts?: Array<string | number>;
  explicitBounds?: number[];
};
type JsonMetric = {
  name: string;
  unit?: string;
  sum?: { dataPoints: JsonPoint[] };
  gauge?: { dataPoints: JsonPoint[] };
  histogram?: { dataPoints: JsonPoint[] };
};

export function decodeJson(body: Buffer): DecodedRequest {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceMetrics: Array<{ resource?: { attributes?: JsonKv[] }; scopeMetrics: Array<{ metrics: JsonMetric[] }> }>;
  };
  const resource = jsonAttributes(request.resourceMetrics[0]?.resource?.attributes);
  const metrics = request.resourceMetrics.flatMap((rm) =>
    rm.scopeMetrics.flatMap((sm) =>
      sm.metrics.map((m): DecodedMetric => {
        const kind = m.sum ? 'sum' : m.gauge ? 'gauge' : 'histogram';
        const points = (m.sum ?? m.gauge ?? m.histogram)?.dataPoints ?? [];
        return {
          name: m.name,
          unit: m.unit ?? '',
          kind,
          points: points.map((p) =>
            kind === 'histogram'
              ? {
                  attributes: jsonAttributes(p.attributes),
                  count: Number(p.count),
                  sum: p.sum,
                  buckets: (p.bucketCounts ?? []).map(Number),
                  bounds: p.explicitBounds ?? [],
                }
              : { attributes: jsonAttributes(p.attributes), value: p.asDouble ?? Number(p.asInt) },
          ),
        };
      }),
    ),
  );
  return { resource, metrics };
}
