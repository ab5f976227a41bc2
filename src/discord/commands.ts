/**
 * The slash commands, as plain data (`as const`): what `npm run deploy-commands` registers and what
 * the handlers' argument types are derived from (ArgumentsOf).
 *
 * Descriptions are bilingual in the default field because Discord has no Arabic locale for
 * `name_localizations` / `description_localizations` (its Locale list has no "ar"; registering one
 * is rejected as an invalid form body). Interactions always carry the default (English) names.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
} from 'discord.js';

/** Where commands may be used: servers and the bot's DMs. */
const CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM] as const;

export const MAX_RESULTS = 5;

export const AskCommand = {
  name: 'ask',
  type: ApplicationCommandType.ChatInput,
  description: 'Ask a question about the news articles · اسأل سؤالًا عن المقالات الإخبارية',
  contexts: CONTEXTS,
  options: [
    {
      name: 'question',
      description: 'Your question, in Arabic or English · سؤالك بالعربية أو الإنجليزية',
      type: ApplicationCommandOptionType.String,
      required: true,
      min_length: 1,
      // Replaced by MAX_QUESTION_CHARS when registering (see commandPayload).
      max_length: 500,
    },
    {
      name: 'results',
      description: 'How many passages to quote (1–5) · عدد المقاطع المقتبسة',
      type: ApplicationCommandOptionType.Integer,
      min_value: 1,
      max_value: MAX_RESULTS,
    },
    {
      name: 'private',
      description: 'Only you see the answer · الإجابة تظهر لك وحدك',
      type: ApplicationCommandOptionType.Boolean,
    },
  ],
} as const;

export const SourceCommand = {
  name: 'source',
  type: ApplicationCommandType.ChatInput,
  description: 'Show a passage or an article by its id · اعرض مقطعًا أو مقالة بمعرّفها',
  contexts: CONTEXTS,
  options: [
    {
      name: 'id',
      description: 'Passage or article id; type a title to search · معرّف المقطع أو المقالة، أو اكتب عنوانًا',
      type: ApplicationCommandOptionType.String,
      required: true,
      autocomplete: true,
      max_length: 200,
    },
  ],
} as const;

export const SourcesCommand = {
  name: 'sources',
  type: ApplicationCommandType.ChatInput,
  description: 'List the articles I know · اعرض قائمة المقالات',
  contexts: CONTEXTS,
  options: [
    {
      name: 'page',
      description: 'Page number · رقم الصفحة',
      type: ApplicationCommandOptionType.Integer,
      min_value: 1,
      max_value: 10000,
    },
  ],
} as const;

/**
 * Admin commands are shown only to members with Manage Server (`default_member_permissions`);
 * a server's admins can show them to a role or a member through Discord's command permissions
 * (Server Settings → Integrations → the bot). That only hides them: the bot checks on every call
 * who may administer the deployment (permissions.ts canAdminister).
 */
const ADMIN_ONLY = String(PermissionFlagsBits.ManageGuild);

const ReindexCommand = {
  name: 'reindex',
  type: ApplicationCommandType.ChatInput,
  description: 'Rebuild the search index from the corpus (admins) · أعد بناء الفهرس (للمشرفين)',
  contexts: CONTEXTS,
  default_member_permissions: ADMIN_ONLY,
  options: [],
} as const;

/** Text channels where mentions may be answered (threads follow their parent). */
const ANSWER_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
const FORUM_CHANNEL_TYPES = [ChannelType.GuildForum] as const;

/**
 * A server's own settings, for its managers (Manage Server in that server, or the deployment's
 * admins; checked on every call). Without options it shows them; each option given changes one.
 */
export const SettingsCommand = {
  name: 'settings',
  type: ApplicationCommandType.ChatInput,
  description: 'How I answer in this server: view or change (server managers) · إعداداتي في هذا الخادم',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: ADMIN_ONLY,
  options: [
    {
      name: 'reply_mode',
      description: 'Answer a mention with a reply, or in a thread on it · الرد على الإشارة في القناة أو في سلسلة',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'reply in the channel · رد في القناة', value: 'reply' },
        { name: 'thread on the question · سلسلة على السؤال', value: 'thread' },
      ],
    },
    {
      name: 'add_channel',
      description: 'Answer mentions in this channel too · أجب عن الإشارات في هذه القناة أيضًا',
      type: ApplicationCommandOptionType.Channel,
      channel_types: ANSWER_CHANNEL_TYPES,
    },
    {
      name: 'remove_channel',
      description: 'Stop answering mentions in this channel · توقف عن الإجابة في هذه القناة',
      type: ApplicationCommandOptionType.Channel,
      channel_types: ANSWER_CHANNEL_TYPES,
    },
    {
      name: 'add_forum',
      description: 'Answer new posts in this forum · أجب عن المنشورات الجديدة في هذا المنتدى',
      type: ApplicationCommandOptionType.Channel,
      channel_types: FORUM_CHANNEL_TYPES,
    },
    {
      name: 'remove_forum',
      description: 'Stop answering new posts in this forum · توقف عن الإجابة في هذا المنتدى',
      type: ApplicationCommandOptionType.Channel,
      channel_types: FORUM_CHANNEL_TYPES,
    },
    {
      name: 'results',
      description: 'Passages per answer by default (1–5) · عدد المقاطع في كل إجابة',
      type: ApplicationCommandOptionType.Integer,
      min_value: 1,
      max_value: MAX_RESULTS,
    },
    {
      name: 'visibility',
      description: '/ask answers public or private by default · إجابات ‎/ask علنية أو خاصة',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'public · علنية', value: 'public' },
        { name: 'private · خاصة', value: 'private' },
      ],
    },
    {
      name: 'language',
      description: 'My interface language · لغة واجهتي',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: "the question's language · لغة السؤال", value: 'auto' },
        { name: 'العربية', value: 'ar' },
        { name: 'English', value: 'en' },
      ],
    },
    {
      name: 'reset',
      description: "Back to the bot's default · أعد إلى الإعداد الافتراضي",
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'everything · الكل', value: 'all' },
        { name: 'answer channels · قنوات الإجابة', value: 'answerChannelIds' },
        { name: 'reply mode · طريقة الرد', value: 'replyMode' },
        { name: 'forums · المنتديات', value: 'forumChannelIds' },
        { name: 'results · عدد النتائج', value: 'defaultResults' },
        { name: 'visibility · الظهور', value: 'answersPrivate' },
        { name: 'language · اللغة', value: 'language' },
      ],
    },
  ],
} as const;

/** /stats: the periods it offers end today; `since` starts one on any day instead. */
export const StatsCommand = {
  name: 'stats',
  type: ApplicationCommandType.ChatInput,
  description: 'Questions, answer rates and ratings (admins) · الأسئلة ونسب الإجابة والتقييمات (للمشرفين)',
  contexts: CONTEXTS,
  default_member_permissions: ADMIN_ONLY,
  options: [
    {
      name: 'days',
      description: 'The last N days, today included (default 30) · آخر عدد من الأيام',
      type: ApplicationCommandOptionType.Integer,
      choices: [
        { name: 'last 7 days · آخر 7 أيام', value: 7 },
        { name: 'last 30 days · آخر 30 يومًا', value: 30 },
        { name: 'last 90 days · آخر 90 يومًا', value: 90 },
        { name: 'last 365 days · آخر 365 يومًا', value: 365 },
      ],
    },
    {
      name: 'since',
      description: 'From this day to today, YYYY-MM-DD (instead of days) · من هذا اليوم حتى اليوم',
      type: ApplicationCommandOptionType.String,
      min_length: 10,
      max_length: 10,
    },
  ],
} as const;

const HelpCommand = {
  name: 'help',
  type: ApplicationCommandType.ChatInput,
  description: 'What I know and how to ask · ماذا أعرف وكيف تسألني',
  contexts: CONTEXTS,
  options: [],
} as const;

export const commands = [AskCommand, SourceCommand, SourcesCommand, ReindexCommand, StatsCommand, SettingsCommand, HelpCommand] as const;

export type CommandName = (typeof commands)[number]['name'];

/**
 * The registration body (PUT …/commands), with the question length limit from the config.
 * `contexts` and `integration_types` only apply to global commands, so guild registration omits them.
 */
export function commandPayload(maxQuestionChars: number, scope: 'guild' | 'global'): unknown[] {
  return commands.map(({ contexts, ...command }) => ({
    ...command,
    ...(scope === 'global' ? { contexts: [...contexts], integration_types: [ApplicationIntegrationType.GuildInstall] } : {}),
    options: command.options.map((option: OptionData) =>
      command.name === 'ask' && option.name === 'question' ? { ...option, max_length: Math.min(maxQuestionChars, 6000) } : { ...option },
    ),
  }));
}

// ---------------------------------------------------------------- argument types from the data

interface OptionData {
  readonly name: string;
  readonly type: ApplicationCommandOptionType;
  readonly required?: boolean;
}

type OptionValue<O extends OptionData> = O['type'] extends ApplicationCommandOptionType.String | ApplicationCommandOptionType.Channel
  ? string
  : O['type'] extends ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number
    ? number
    : O['type'] extends ApplicationCommandOptionType.Boolean
      ? boolean
      : never;

/** `{ question: string; results: number | undefined; … }` for a command's data. */
export type ArgumentsOf<C extends { readonly options: readonly OptionData[] }> = {
  [O in C['options'][number] as O['name']]: O extends { readonly required: true } ? OptionValue<O> : OptionValue<O> | undefined;
};

/** Read a command's options from an interaction, typed by the command's data. */
export function argumentsOf<C extends { readonly options: readonly OptionData[] }>(command: C, interaction: ChatInputCommandInteraction): ArgumentsOf<C> {
  const values: Record<string, unknown> = {};
  for (const option of command.options) {
    const found = interaction.options.get(option.name);
    values[option.name] = found?.value ?? undefined;
  }
  return values as ArgumentsOf<C>;
}
