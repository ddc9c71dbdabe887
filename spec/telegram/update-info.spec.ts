import { expect } from 'chai';
import { CommandRegistry } from '../../lib/telegram/command-registry.js';
import { describeUpdate } from '../../lib/telegram/update-info.js';
import { UpdateRecorder } from '../../lib/telegram/update-recorder.js';

const command = (text: string, length = text.split(' ')[0]!.length) => ({
  update_id: 1,
  message: { text, from: { id: 42 }, entities: [{ type: 'bot_command', offset: 0, length }] },
});

describe('Telegram update parsing', () => {
  it('normalises commands and honours the @mention', () => {
    expect(describeUpdate(command('/Start@MyBot deep'), 'mybot')).to.deep.equal({ type: 'command', command: '/start', userId: 42 });
    expect(describeUpdate(command('/balance'), 'mybot')).to.deep.equal({ type: 'command', command: '/balance', userId: 42 });
    expect(describeUpdate(command('/start@OtherBot'), 'mybot')).to.deep.equal({ type: 'message', userId: 42 });
  });

  it('needs a bot_command entity at offset 0', () => {
    expect(describeUpdate({ message: { text: '/start', from: { id: 1 } } }).type).to.equal('message');
    expect(
      describeUpdate({ message: { text: 'say /start', from: { id: 1 }, entities: [{ type: 'bot_command', offset: 4, length: 6 }] } }).type,
    ).to.equal('message');
  });

  it('reads every update kind and never throws on malformed updates', () => {
    expect(describeUpdate({ callback_query: { from: { id: 7 } } })).to.deep.equal({ type: 'callback_query', userId: 7 });
    expect(describeUpdate({ message_reaction: { user: { id: 8 } } })).to.deep.equal({ type: 'message_reaction', userId: 8 });
    expect(describeUpdate({ poll: { id: 'p' } })).to.deep.equal({ type: 'poll', userId: undefined });
    for (const weird of [
      {},
      { message: null },
      { message: { text: 5, entities: 'x' } },
      { message: { entities: [null], text: '/a' } },
      { unknown_kind: {} },
    ]) {
      expect(() => describeUpdate(weird), JSON.stringify(weird)).to.not.throw();
    }
    expect(describeUpdate({ unknown_kind: {} }).type).to.equal('other');
  });
});

describe('command allow-list', () => {
  it('uses getMyCommands once, keeps /start, folds the rest into other', async () => {
    let calls = 0;
    const registry = new CommandRegistry();
    const source = async () => {
      calls++;
      return [{ command: 'balance' }];
    };
    expect(await registry.label('/balance', source)).to.equal('/balance');
    expect(await registry.label('/start', source)).to.equal('/start');
    expect(await registry.label('/x123', source)).to.equal('other');
    expect(calls).to.equal(1);
  });

  it('a failing getMyCommands leaves /start and other, and never throws', async () => {
    const registry = new CommandRegistry();
    const source = () => Promise.reject(new Error('telegram down'));
    expect(await registry.label('/balance', source)).to.equal('other');
    expect(await registry.label('/start', source)).to.equal('/start');
  });

  it('a configured list wins and needs no API call', async () => {
    const registry = new CommandRegistry(['balance', '/Scan']);
    const source = () => Promise.reject(new Error('must not be called'));
    expect(await registry.label('/scan', source)).to.equal('/scan');
    expect(await registry.label('/balance', source)).to.equal('/balance');
    expect(await registry.label('/help', source)).to.equal('other');
  });
});

describe('middleware without telemetry started', () => {
  it('runs the handlers and passes their errors through untouched', async () => {
    const recorder = new UpdateRecorder();
    let ran = false;
    await recorder.run(
      () => ({ update: command('/start'), botUsername: 'b', getMyCommands: undefined }),
      async () => {
        ran = true;
      },
    );
    expect(ran).to.equal(true);
    const error = new RangeError('handler');
    const thrown = await recorder
      .run(
        () => ({ update: command('/start'), botUsername: 'b', getMyCommands: undefined }),
        () => Promise.reject(error),
      )
      .catch((e: unknown) => e);
    expect(thrown).to.equal(error);
  });
});
