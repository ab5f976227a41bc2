/** The token must never appear in a log line, wherever it hides. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordAPIError } from 'discord.js';
import { createLogger, scrubSecrets } from '../../src/discord/logger.ts';
import { TOKEN } from '../../tools/emulator/discordEmulator.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', secrets: [TOKEN], destination: { write: (line) => lines.push(line) } });
  return { logger, lines };
}

test('the token is redacted by path and scrubbed from messages, errors and nested objects', () => {
  const { logger, lines } = capture();
  logger.info({ token: TOKEN }, 'token field');
  logger.info({ config: { discordToken: TOKEN, guildId: '1' } }, 'config');
  logger.info({ headers: { authorization: `Bot ${TOKEN}` } }, 'headers');
  logger.info(`a message with the token ${TOKEN} inside`);
  logger.error({ err: new Error(`login failed for ${TOKEN}`) }, 'error');
  logger.info({ deep: { list: [{ note: `Bot ${TOKEN}` }] } }, 'nested');
  logger.child({ interactionId: '9' }).warn({ detail: TOKEN }, 'child');
  logger.trace('Provided token: MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfakeT.*************');
  assert.equal(lines.length, 8);
  for (const line of lines) {
    assert.ok(!line.includes(TOKEN), line);
    assert.ok(!line.includes('GfakeT'), line);
  }
  assert.match(lines[1]!, /"guildId":"1"/, 'the rest of the object is kept');
});

test('interaction tokens in REST error URLs are scrubbed too', () => {
  const { logger, lines } = capture();
  const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OkFCQ0RFRkdISUpLTE1OT1A';
  const error = new DiscordAPIError(
    { message: 'Unknown Webhook', code: 10015 },
    10015,
    404,
    'PATCH',
    `https://discord.com/api/v10/webhooks/1000000000000000001/${interactionToken}/messages/@original`,
    { body: undefined, files: undefined },
  );
  logger.error({ err: error }, 'edit failed');
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes(interactionToken));
  assert.match(lines[0]!, /webhooks\/1000000000000000001\/\[REDACTED\]/);
  assert.equal(scrubSecrets('/interactions/1/abcdefghijklmnopqrstuvwxyz/callback', []), '/interactions/1/[REDACTED]/callback');
});
