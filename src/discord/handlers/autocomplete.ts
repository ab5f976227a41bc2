/** Dispatcher for autocomplete: must answer within 3 s, so failures answer with no choices. */
import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { sourceAutocomplete } from '../functions/source.ts';

export async function handleAutocomplete(ctx: BotContext, interaction: AutocompleteInteraction): Promise<void> {
  const log = ctx.logger.child({ interactionId: interaction.id, command: interaction.commandName, autocomplete: true });
  try {
    if (interaction.commandName === 'source') await sourceAutocomplete(ctx, interaction);
    else await interaction.respond([]);
  } catch (error) {
    log.error({ err: error }, 'autocomplete failed');
    if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
  }
}
