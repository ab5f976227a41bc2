/**
 * `/source` ids and every other user-given string are looked up in memory (the engine's maps of
 * documents and passages), never used as file-system paths. With the real engine over corpus/ and
 * every fs function watched, path-like ids (`../../etc/passwd`, `..\..`, absolute paths, the
 * corpus's own file names, URL-encoded traversal) get the polite unknown-id answer, and no fs call
 * sees any of them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import type { Engine } from '../../src/engine.ts';
import { strings } from '../../src/discord/i18n.ts';
import { users } from '../../tools/emulator/discordEmulator.ts';
import { assertSafePayloads, isCallback, isEditOriginal, startEngineHarness, type Harness } from './harness.ts';

let h: Harness<Engine>;

/** Every fs call made while watching: function name and its string / URL / Buffer arguments. */
const fsCalls: Array<{ fn: string; args: string[] }> = [];
let watching = false;
const restorers: Array<() => void> = [];

function watch(target: Record<string, unknown>, prefix: string): void {
  for (const name of Object.keys(target)) {
    const original = target[name];
    // Classes (Stats, ReadStream, …) and constants are left alone.
    if (typeof original !== 'function' || /^[A-Z]/.test(name) || name === 'promises') continue;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (watching) {
        const printable = args.flatMap((arg) =>
          typeof arg === 'string' ? [arg] : arg instanceof URL ? [arg.href] : Buffer.isBuffer(arg) ? [arg.toString('utf8')] : [],
        );
        fsCalls.push({ fn: `${prefix}${name}`, args: printable });
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    target[name] = wrapped;
    restorers.push(() => (target[name] = original));
  }
}

before(async () => {
  h = await startEngineHarness({ MAX_QUESTION_CHARS: '500' });
  watch(fs as unknown as Record<string, unknown>, 'fs.');
  watch(fs.promises as unknown as Record<string, unknown>, 'fs.promises.');
  syncBuiltinESMExports();
});

after(async () => {
  watching = false;
  for (const restore of restorers) restore();
  syncBuiltinESMExports();
  assertSafePayloads(h.emulator.requests);
  await h.close();
});

const firstCorpusFile = () => fs.readdirSync('corpus').sort()[0]!;

function hostileIds(): string[] {
  const file = firstCorpusFile();
  return [
    '../../etc/passwd',
    '..\\..\\..\\windows\\win.ini',
    '/etc/passwd',
    path.resolve('corpus', file),
    `corpus/${file}`,
    file,
    `${file.replace(/\.txt$/, '')}/../../../etc/passwd#1`,
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'file:///etc/passwd',
    `${h.config.indexDir}/manifest.json`,
    '....//....//etc/passwd',
    '~/.ssh/id_rsa',
  ];
}

/**
 * discord.js loads some of its own modules lazily (realpath of node_modules/*.js): not user input.
 * Both spellings of the folder, for a node_modules that is a link (a git worktree's, pnpm's).
 */
const MODULE_DIRS = [path.resolve('node_modules'), fs.realpathSync('node_modules')].map((dir) => dir + path.sep);
const ownModules = (call: { args: string[] }) => call.args.every((arg) => MODULE_DIRS.some((dir) => arg.startsWith(dir)));

test('the watcher sees fs calls (self-check)', () => {
  watching = true;
  fs.existsSync('/etc/hostname');
  watching = false;
  assert.ok(fsCalls.some((call) => call.fn === 'fs.existsSync' && call.args.includes('/etc/hostname')));
  fsCalls.length = 0;
});

test('/source with path-like ids: the polite unknown-id answer, and no file-system call at all', async () => {
  for (const id of hostileIds()) {
    fsCalls.length = 0;
    watching = true;
    const interaction = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: id }], user: users.other });
    const reply = await h.emulator.waitForInteraction(interaction, isCallback, 10_000);
    watching = false;
    assert.equal(reply.body.type, 4, id);
    assert.equal(reply.body.data.flags, 64, `${id}: answered privately`);
    assert.match(reply.body.data.content, /^I don't know a passage or article with the id "/, id);
    assert.equal(strings.en.unknownSource('x').split('"')[0], "I don't know a passage or article with the id ");
    assert.deepEqual(
      fsCalls.filter((call) => !ownModules(call)),
      [],
      `${id}: no fs call while answering`,
    );
  }
});

test('autocomplete, "Full passage" buttons, /ask and mentions with path-like text: no fs call sees it', async () => {
  const ids = hostileIds();
  // A message the bot sent, for button presses.
  const answered = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
  await h.emulator.waitForInteraction(answered, isEditOriginal, 10_000);
  const messageId = h.emulator.originalOf(answered)!.id;
  fsCalls.length = 0;
  watching = true;
  for (const id of ids) {
    const completion = h.emulator.autocomplete({ name: 'source', options: [{ name: 'id', type: 3, value: id, focused: true }] });
    assert.equal((await h.emulator.waitForInteraction(completion, isCallback, 10_000)).body.type, 8);
    const button = h.emulator.button({ customId: `full:en:${id.replace(/\s/g, '')}`.slice(0, 100), messageId, user: users.other });
    const pressed = await h.emulator.waitForInteraction(button, isCallback, 10_000);
    assert.deepEqual([pressed.body.type, pressed.body.data.flags], [4, 64], `${id}: the button is refused, privately`);
    const asked = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: `ما هو ${id}؟` }] });
    await h.emulator.waitForInteraction(asked, (r) => isEditOriginal(r) || (isCallback(r) && r.body.type === 4), 10_000);
    const from = h.emulator.requests.length;
    const mention = h.emulator.message({ content: `<@${users.bot.id}> اقرأ ${id}` });
    await h.emulator.waitFor((r) => r.body?.message_reference?.message_id === mention, { from, timeoutMs: 10_000 });
  }
  // stop() returns once every handler under way has finished, so all their fs calls are recorded.
  // The bot stays stopped: this is the file's last test.
  await h.bot.stop({ graceMs: 10_000 });
  watching = false;
  const leaked = fsCalls.filter((call) => call.args.some((arg) => ids.some((id) => arg.includes(id)) || /passwd|win\.ini|id_rsa/.test(arg)));
  assert.deepEqual(leaked, []);
});
