'use strict';
// `node --require dmarket-bot-telemetry/register bot.js` for CommonJS bots: patches `http`
// synchronously, then finishes starting the endpoint in the background.
require('./dist/lib/preload.js').preload();
