/**
 * `node --import dmarket-bot-telemetry/register bot.js`: telemetry from the environment is up
 * (and `http` patched) before the bot's first module is evaluated.
 */
import { preload } from './preload.js';

await preload();
