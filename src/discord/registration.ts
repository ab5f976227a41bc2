/** Registering the slash commands: guild-scoped when GUILD_ID is set (instant), else global. */
import { Routes, type APIApplication, type REST } from 'discord.js';
import type { BotConfig } from '../config.ts';
import { commandPayload } from './commands.ts';

export interface RegistrationResult {
  scope: 'guild' | 'global';
  applicationId: string;
  names: string[];
}

export async function registerCommands(
  config: Pick<BotConfig, 'discordApplicationId' | 'guildId' | 'maxQuestionChars'>,
  rest: REST,
): Promise<RegistrationResult> {
  // The application id is the bot's own; ask Discord when the config does not give it.
  const applicationId = config.discordApplicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const scope = config.guildId ? 'guild' : 'global';
  const route = config.guildId ? Routes.applicationGuildCommands(applicationId, config.guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commandPayload(config.maxQuestionChars, scope) })) as Array<{ name: string }>;
  return { scope, applicationId, names: registered.map((command) => command.name) };
}
