/**
 * `npm run deploy-commands`: registers /ask, /source, /sources, /reindex, /help. With GUILD_ID the
 * commands appear in that server at once; without it they are global (Discord may take up to an
 * hour to show them everywhere). Re-running replaces the set (it is idempotent).
 */
import { config as loadDotenv } from 'dotenv';
import { REST } from 'discord.js';
import { ConfigError, loadBotConfig, type BotConfig } from '../config.ts';
import { describeLoginError } from './bot.ts';
import { scrubSecrets } from './logger.ts';
import { registerCommands } from './registration.ts';

loadDotenv({ quiet: true });

/** The token (or anything shaped like one, pasted into another setting) never reaches the terminal. */
const printError = (line: string, secrets: readonly string[] = []) => process.stderr.write(`${scrubSecrets(line, secrets)}\n`);

async function main(): Promise<number> {
  let config: BotConfig;
  try {
    config = loadBotConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) printError(`Configuration problem: ${problem}`);
      return 1;
    }
    throw error;
  }
  const rest = new REST(config.discordRestApi ? { api: config.discordRestApi } : {}).setToken(config.discordToken);
  try {
    const result = await registerCommands(config, rest);
    const where = result.scope === 'guild' ? `in the server ${config.guildId} (available now)` : 'globally (may take up to an hour to appear)';
    process.stdout.write(`Registered ${result.names.length} commands ${where}: ${result.names.map((name) => `/${name}`).join(', ')}\n`);
    return 0;
  } catch (error) {
    printError(describeLoginError(error, config.discordRestApi), [config.discordToken]);
    return 1;
  }
}

process.exit(await main());
