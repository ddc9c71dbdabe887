import { expect } from 'chai';
import { TelemetryConfigError } from '../../lib/index.js';
import { telemetryMiddleware as grammyMiddleware } from '../../lib/telegram/grammy.js';
import { telemetryMiddleware as telegrafMiddleware } from '../../lib/telegram/telegraf.js';

/** What `telemetryMiddleware(options)` threw, if anything. */
function thrownBy(create: (options: never) => unknown, options: unknown): unknown {
  try {
    create(options as never);
    return undefined;
  } catch (error) {
    return error;
  }
}

const frameworks: Array<[string, (options: never) => unknown]> = [
  ['grammY', grammyMiddleware],
  ['Telegraf', telegrafMiddleware],
];
for (const [framework, create] of frameworks) {
  describe(`telemetryMiddleware options for ${framework} are checked when the bot is wired`, () => {
    const cases: Array<[string, unknown]> = [
      ['commands', { commands: '/start' }],
      ['commands', { commands: ['/price', 5] }],
      ['commands', { commands: ['/price', '  '] }],
      ['commands', { commands: ['/'] }],
      ['collector', { collector: {} }],
      ['collector', { collector: 'metrics' }],
      ['telemetryMiddleware options', 'commands=/start'],
      ['telemetryMiddleware options', ['/start']],
    ];
    for (const [name, options] of cases) {
      it(`${JSON.stringify(options)} → TelemetryConfigError naming ${name}`, () => {
        const error = thrownBy(create, options);
        expect(error).to.be.instanceOf(TelemetryConfigError);
        expect((error as Error).message).to.contain(`${name}:`);
      });
    }

    it('valid options, null and nothing still give a middleware', () => {
      for (const options of [undefined, null, {}, { commands: ['/price', 'help', 'Scan@MyBot'] }]) {
        expect(create(options as never)).to.be.a('function');
      }
    });

    it('an unknown key is warned about, naming it, and ignored', () => {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (message: string) => warnings.push(message);
      try {
        expect(create({ command: ['/price'] } as never)).to.be.a('function');
      } finally {
        console.warn = original;
      }
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('"command" is not known');
    });
  });
}
