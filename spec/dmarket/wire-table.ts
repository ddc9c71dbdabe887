/**
 * Realistic wire paths for every route in the table, as public DMarket clients put them on the
 * wire (encodings, ids, titles, queries), plus paths of routes the table does not have, each
 * with the `endpoint` label it must get.
 */
import { DMARKET_ROUTES } from '../../lib/dmarket/routes.js';

export interface WireCase {
  readonly method: string;
  /** Path as sent (percent-encoded where a client would encode). */
  readonly path: string;
  readonly endpoint: string;
  /** `node:http` refuses unescaped non-ASCII paths: those go through fetch only. */
  readonly fetchOnly?: boolean;
}

export const GAME_IDS = ['a8db', 'a8db99ca-dc45-4c0e-9989-11ba71ed97a2', '9a92', 'tf2', 'rust'];
export const TITLES = [
  'AK-47 | Redline (Field-Tested)',
  '★ Karambit | Doppler (Factory New)',
  'StatTrak™ M4A1-S | Hyper Beast (Minimal Wear)',
  'Sticker | Team Liquid (Holo) | Katowice 2019',
  'Операция «Расколотая сеть» 印花',
];
export const DEPOSIT_IDS = ['3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c', '1234567890123', 'dep_9F3c2A7b1E'];
/** Query values that must never reach a label. */
export const QUERY_SECRETS = ['cursorSECRET42', 'https://x.example/SECRET', 'eyJhbGciOiJIUzI1NiJ9'];

/** The encodings clients use for a title in a path segment. */
export function titleEncodings(title: string): Array<{ path: string; fetchOnly?: boolean }> {
  const standard = encodeURIComponent(title);
  return [
    { path: standard },
    { path: standard.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) },
    { path: standard.replace(/%20/g, '+') },
    // fetch encodes spaces and non-ASCII itself; `|` goes out raw.
    { path: title, fetchOnly: true },
  ];
}

const QUERY_SUFFIXES = [
  '',
  '/',
  '?',
  `?gameId=a8db&title=AK-47%20%7C%20Redline&cursor=${QUERY_SECRETS[0]}`,
  `?next=${QUERY_SECRETS[1]}&token=${QUERY_SECRETS[2]}`,
];

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'x');
}

/** Every route × method × id/title/encoding/query variant. */
export function knownRouteCases(): WireCase[] {
  const cases: WireCase[] = [];
  for (const route of DMARKET_ROUTES) {
    for (const method of route.methods) {
      const add = (path: string, fetchOnly?: boolean): void => void cases.push({ method, path, endpoint: route.template, fetchOnly });
      if (!route.template.includes('{')) {
        for (const suffix of QUERY_SUFFIXES) add(route.template + suffix);
        add('/' + route.template);
        if (route.template.includes(':')) {
          add(route.template.replace(':', '%3A'));
          add(route.template.replace(':', '%3a') + '?x=1');
        }
        continue;
      }
      if (route.template.includes('{DepositID}')) {
        for (const id of DEPOSIT_IDS) for (const suffix of QUERY_SUFFIXES) add(fill(route.template, { DepositID: id }) + suffix);
        continue;
      }
      for (const game of GAME_IDS) {
        for (const title of TITLES) {
          for (const enc of titleEncodings(title)) add(fill(route.template, { game_id: game, title: enc.path }), enc.fetchOnly);
        }
        add(fill(route.template, { game_id: game, title: encodeURIComponent(TITLES[0] as string) }) + QUERY_SUFFIXES[3]);
      }
    }
  }
  return cases;
}

const ID = '{id}';
/** Paths outside the table: literal words stay, ids and free text become `{id}`. */
export function unknownRouteCases(): WireCase[] {
  const title = encodeURIComponent(TITLES[1] as string);
  return [
    { method: 'GET', path: '/marketplace-api/v2/user/targets?cursor=abc', endpoint: '/marketplace-api/v2/user/targets' },
    { method: 'GET', path: '/marketplace-api/v2/user/inventory', endpoint: '/marketplace-api/v2/user/inventory' },
    { method: 'POST', path: '/exchange/v1/market/buy', endpoint: '/exchange/v1/market/buy' },
    { method: 'GET', path: '/exchange/v1/offers/5f3c2a7b9d', endpoint: `/exchange/v1/offers/${ID}` },
    { method: 'GET', path: '/exchange/v1/offers/deadbeefcafebabe', endpoint: `/exchange/v1/offers/${ID}` },
    { method: 'GET', path: `/v1/hooks?callback=${QUERY_SECRETS[1]}`, endpoint: '/v1/hooks' },
    { method: 'GET', path: `/exchange/v1/market/items/extra?next=https://x/exchange/v1/ping`, endpoint: '/exchange/v1/market/items/extra' },
    { method: 'GET', path: `/marketplace-api/v1/items/${title}`, endpoint: `/marketplace-api/v1/items/${ID}` },
    {
      method: 'POST',
      path: '/marketplace-api/v1/user-offers/9f3c2a7b-1111-4c0e-9989-11ba71ed97a2/edit',
      endpoint: `/marketplace-api/v1/user-offers/${ID}/edit`,
    },
    { method: 'GET', path: '/account/v1/user/123456789', endpoint: `/account/v1/user/${ID}` },
    { method: 'GET', path: `/api/v1/token/${QUERY_SECRETS[2]}`, endpoint: `/api/v1/token/${ID}` },
    { method: 'GET', path: `/api/v1/notes/${'a'.repeat(60)}`, endpoint: `/api/v1/notes/${ID}` },
    { method: 'GET', path: '/api/v1/Redline', endpoint: `/api/v1/${ID}` },
    { method: 'POST', path: '/marketplace-api/v2/offers:batchArchive', endpoint: '/marketplace-api/v2/offers:batchArchive' },
    { method: 'POST', path: '/marketplace-api/v2/offers%3AbatchArchive', endpoint: '/marketplace-api/v2/offers:batchArchive' },
    { method: 'GET', path: '/bot123456:AAH-secretToken/getUpdates', endpoint: `/${ID}/getUpdates` },
    { method: 'GET', path: '/marketplace-api/v1/targets-by-title/a8db/', endpoint: `/marketplace-api/v1/targets-by-title/${ID}` },
    { method: 'GET', path: '/a/b/c/d/e/f/g/h/i', endpoint: 'other' },
    // A known path with another method is still that route (the method label tells them apart).
    { method: 'GET', path: '/exchange/v1/offers/details', endpoint: '/exchange/v1/offers/details' },
    { method: 'PUT', path: '/marketplace-api/v1/user-targets/create', endpoint: '/marketplace-api/v1/user-targets/create' },
  ];
}

/** Strings from the paths above that no exported label may contain. */
export function forbiddenFragments(): string[] {
  const fromTitles = TITLES.flatMap((t) => t.split(/[\s|()]+/).filter((w) => w.length > 3));
  return [
    ...fromTitles,
    ...DEPOSIT_IDS,
    ...QUERY_SECRETS,
    'SECRET',
    'a8db99ca',
    '5f3c2a7b9d',
    'deadbeef',
    '123456789',
    'AAH-secret',
    'Redline',
    'cursor',
    '?',
    '%',
  ];
}
