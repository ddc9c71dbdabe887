import { OTHER } from './label-names.js';

/** DMarket game ids and common names → the `game` label value (see shared/reference/dmarket-api.md). */
const GAME_ALIASES: ReadonlyMap<string, string> = new Map([
  ['a8db', 'csgo'],
  ['a8db99ca-dc45-4c0e-9989-11ba71ed97a2', 'csgo'],
  ['csgo', 'csgo'],
  ['cs2', 'csgo'],
  ['cs:go', 'csgo'],
  ['counter-strike', 'csgo'],
  ['9a92', 'dota2'],
  ['9a92ea9a-a7e5-4c91-a4e0-09c64a0f4c16', 'dota2'],
  ['dota2', 'dota2'],
  ['dota', 'dota2'],
  ['dota 2', 'dota2'],
  ['tf2', 'tf2'],
  ['team fortress 2', 'tf2'],
  ['rust', 'rust'],
]);

export const GAMES = ['csgo', 'dota2', 'tf2', 'rust'] as const;

/** Maps a DMarket game id or name to its label; anything unknown becomes `other`. */
export function normalizeGame(value: string): string {
  return GAME_ALIASES.get(value.trim().toLowerCase()) ?? OTHER;
}
