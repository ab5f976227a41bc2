/**
 * Structured logs (pino). The bot token never reaches the output: known paths are redacted, and
 * as a last line of defence every line is scrubbed of the token itself and of interaction tokens
 * (which appear in webhook URLs of REST errors and allow answering as the bot for 15 minutes).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const REDACTED = '[REDACTED]';

const REDACT_PATHS = [
  'token',
  'discordToken',
  'authorization',
  '*.token',
  '*.discordToken',
  '*.authorization',
  'config.discordToken',
  'headers.authorization',
  '*.headers.authorization',
  'err.requestBody',
];

/**
 * The shape of a bot token (base64 user id . timestamp . HMAC): one pasted where it does not belong
 * (GUILD_ID, a URL) is not known as "the token", but is still a secret.
 */
const TOKEN_SHAPE = /[A-Za-z0-9_-]{20,30}\.[A-Za-z0-9_-]{5,8}\.[A-Za-z0-9_-]{25,45}/g;
/** user:password@ in a URL (a proxy given in DISCORD_REST_API with credentials). */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi;

/** Replace secrets in one line of log output (or of an error message). */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  out = out.replace(TOKEN_SHAPE, REDACTED).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  // Interaction tokens inside REST paths: /webhooks/<app id>/<token>, /interactions/<id>/<token>.
  out = out.replace(/(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]{20,}/g, `$1${REDACTED}`);
  // discord.js prints a partly masked token in its debug output.
  out = out.replace(/Provided token: [^"\\]*/g, `Provided token: ${REDACTED}`);
  return out;
}

export interface LoggerOptions {
  level: string;
  /** Strings that must never appear in the output (the bot token). */
  secrets: readonly string[];
  /** Where lines go (default: stdout). */
  destination?: { write(line: string): unknown };
}

export function createLogger(options: LoggerOptions): Logger {
  const target = options.destination ?? process.stdout;
  const stream: DestinationStream = { write: (line: string) => void target.write(scrubSecrets(line, options.secrets)) };
  return pino(
    {
      level: options.level,
      base: { name: 'discord-bot' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
}
