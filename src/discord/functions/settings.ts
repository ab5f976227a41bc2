/**
 * /settings [reply_mode] [add_channel] [remove_channel] [add_forum] [remove_forum] [results]
 * [visibility] [language] [reset] — a server's own settings, for its managers (preconditions.ts
 * serverManagersOnly). Without options it shows them; with options it changes them (all in one
 * write, logged with who changed them) and shows the result. Always private.
 *
 * The database may be unusable (damaged, locked by another process): the reply then says so in one
 * line, and shows the settings that apply meanwhile (the environment's).
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { DataUnavailableError } from '../../data/database.ts';
import { SETTING_NAMES, type GuildChoices, type SettingName } from '../../data/guildSettings.ts';
import type { BotContext } from '../context.ts';
import { argumentsOf, SettingsCommand, type ArgumentsOf } from '../commands.ts';
import { t, type UiLang } from '../i18n.ts';
import { textMessage } from '../render.ts';
import { respond } from '../respond.ts';
import { applyChoices, serverLang, type ServerSettings } from '../serverSettings.ts';

type SettingsArguments = ArgumentsOf<typeof SettingsCommand>;

const without = (ids: readonly string[], id: string) => ids.filter((other) => other !== id);
const withAlso = (ids: readonly string[], id: string) => (ids.includes(id) ? [...ids] : [...ids, id]);

/**
 * The next choices from the current ones and the options given: `reset` first (back to the
 * environment's default), then each change. A channel list a server had not chosen yet starts from
 * the default's channels that are in this server.
 */
function nextChoices(current: GuildChoices, args: SettingsArguments, defaults: ServerSettings, inServer: (channelId: string) => boolean): GuildChoices {
  const next: GuildChoices = { ...current };
  const reset = SETTING_NAMES.filter((name) => args.reset === 'all' || args.reset === name);
  for (const name of reset) (next as Record<SettingName, unknown>)[name] = null;
  const channels = () => next.answerChannelIds ?? defaults.answerChannelIds.filter(inServer);
  const forums = () => next.forumChannelIds ?? defaults.forumChannelIds.filter(inServer);
  if (args.add_channel) next.answerChannelIds = withAlso(channels(), args.add_channel);
  if (args.remove_channel) next.answerChannelIds = without(channels(), args.remove_channel);
  if (args.add_forum) next.forumChannelIds = withAlso(forums(), args.add_forum);
  if (args.remove_forum) next.forumChannelIds = without(forums(), args.remove_forum);
  if (args.reply_mode === 'reply' || args.reply_mode === 'thread') next.replyMode = args.reply_mode;
  if (args.results !== undefined) next.defaultResults = args.results;
  if (args.visibility) next.answersPrivate = args.visibility === 'private';
  if (args.language === 'auto' || args.language === 'ar' || args.language === 'en') next.language = args.language;
  return next;
}

const channelList = (ids: readonly string[], none: string) => (ids.length ? ids.map((id) => `<#${id}>`).join(', ') : none);

/** One line per setting, in the interface language; those the server did not choose are marked as defaults. */
function describeSettings(settings: ServerSettings, choices: GuildChoices | null, lang: UiLang): string {
  const s = t(lang);
  const values: Record<SettingName, string> = {
    answerChannelIds: channelList(settings.answerChannelIds, s.everyChannel),
    replyMode: s.replyModes[settings.replyMode],
    forumChannelIds: channelList(settings.forumChannelIds, s.noForums),
    defaultResults: String(settings.defaultResults),
    answersPrivate: s.visibilities[settings.answersPrivate ? 'private' : 'public'],
    language: s.languages[settings.language],
  };
  return SETTING_NAMES.map((name) => {
    const own = choices !== null && choices[name] !== null;
    return `• ${s.settingLabels[name]}: ${values[name]}${own ? '' : ` ${s.defaultMark}`}`;
  }).join('\n');
}

function settingsMessage(ctx: BotContext, guildId: string, lang: UiLang, firstLine: string | null) {
  const s = t(lang);
  let choices: GuildChoices | null = null;
  let problem: string | null = null;
  try {
    choices = ctx.settings.choices(guildId);
  } catch (error) {
    if (!(error instanceof DataUnavailableError)) throw error;
    problem = s.settingsUnavailable(error.messageFor(lang));
  }
  const settings = choices ? applyChoices(ctx.settings.defaults, choices) : ctx.settings.defaults;
  const lines = [firstLine ?? problem, `**${s.settingsTitle}**`, describeSettings(settings, choices, lang), `-# ${s.settingsIntro}`];
  return textMessage(lines.filter((line): line is string => !!line).join('\n'));
}

export async function settingsCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, askedLang: UiLang, log: Logger): Promise<void> {
  let lang = askedLang;
  const guildId = interaction.guildId!;
  const args = argumentsOf(SettingsCommand, interaction);
  const changing = Object.values(args).some((value) => value !== undefined);
  if (!changing) {
    await respond(interaction, settingsMessage(ctx, guildId, lang, null), { private: true });
    return;
  }
  const inServer = (channelId: string) => interaction.guild?.channels.cache.has(channelId) ?? true;
  let firstLine: string;
  try {
    const changes = ctx.settings.update(guildId, interaction.user.id, (current) => nextChoices(current, args, ctx.settings.defaults, inServer));
    // A new interface language already speaks in this reply.
    lang = serverLang(ctx.settings.get(guildId), lang);
    firstLine = changes.length ? t(lang).settingsChanged(changes.map((change) => t(lang).settingLabels[change.setting])) : t(lang).settingsUnchanged;
    if (changes.length) log.info({ changes }, 'server settings changed');
  } catch (error) {
    if (!(error instanceof DataUnavailableError)) throw error;
    log.warn({ problem: error.message }, 'server settings could not be changed');
    firstLine = t(lang).settingsUnavailable(error.messageFor(lang));
  }
  await respond(interaction, settingsMessage(ctx, guildId, lang, firstLine), { private: true });
}
