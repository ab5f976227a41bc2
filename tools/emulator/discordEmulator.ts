/**
 * A small Discord server emulator for tests and the load test: HTTP REST + WebSocket gateway (API
 * v10) on 127.0.0.1.
 *
 * Servers, roles, channels and the bot's permissions come from guilds.ts: GUILD_CREATE carries
 * roles with their permissions and channels with their overwrites, interactions carry the bot's
 * `app_permissions` computed from the same data, and bot-token messages are held to them as Discord
 * does (no View Channel: 403 50001; no Send Messages, or a reply without Read Message History: 403
 * 50013; embeds without Embed Links are dropped, and an empty message is 400 50006). The same rule
 * is assumed for public interaction answers' embeds.
 *
 * Sharding: GET /gateway/bot recommends `shards`; each connection identifies as [id, count], gets
 * READY and GUILD_CREATE for the servers on its shard ((guild_id >> 22) % count) and the events of
 * those servers only (DMs go to shard 0); a shard holding more than `maxGuildsPerShard` servers is
 * closed with 4011 (sharding required), as Discord does past 2,500.
 *
 * Interaction tokens live `interactionLifetimeMs` (Discord: 15 minutes); later webhook calls get
 * 401 50027, and are counted in `expiredTokenRequests`.
 *
 * Threads and forums: the bot opens a public thread on a message (POST …/messages/{id}/threads: it
 * needs Create Public Threads, and the thread takes the message's id, as on Discord), users post in
 * forum channels (type 15: a post is a thread whose starter message has the thread's id), and
 * THREAD_CREATE (with `newly_created` and, for the bot's own threads, its thread member) comes before
 * the thread's first MESSAGE_CREATE. Writing in a thread takes Send Messages in Threads. Message
 * content follows Discord's rule for bots without the privileged Message Content intent (1 << 15 in
 * IDENTIFY): the text of a message that does not mention the bot is empty, in events and in fetches.
 * Components: button presses and string-select choices (`button()`, `select()`) on any message it
 * knows, the bot's private ones included. Files: a multipart/form-data body (discord.js's way of
 * sending files) is parsed with the runtime's own parser; the request keeps its `payload_json` as
 * `body` and the files in `files`, and the message gets them as `attachments` (over 10 MiB: 413).
 *
 * It drives the real discord.js client. Every REST request the bot makes is recorded (method, path,
 * query, body) so tests assert on the exact payloads (`keepHistory: false` keeps none, for long load
 * runs). Faults are injected per route with `hook()` (status, body, headers such as retry-after,
 * delay, or a hang until the client gives up), per interaction with `expire()` (its token no longer
 * valid), and on the gateway with `onIdentify`, `closeGateway()` (any close code, resumable or not)
 * and `invalidateSession()` (op 9).
 *
 * Facts about discord.js 14.28 this relies on (found by probing): READY must carry `user`,
 * `application` and `guilds`, and every listed guild needs a GUILD_CREATE or ready waits 15 s;
 * INTERACTION_CREATE needs `application_id`, `entitlements`, `authorizing_integration_owners` and
 * `member.user` or `user`; 204 answers carry no content-type; webhook paths arrive as `%40original`.
 */
import http from 'node:http';
import { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import { PermissionFlagsBits as P } from 'discord.js';
import {
  CHANNEL_TYPES,
  DM_APP_PERMISSIONS,
  extraGuildId,
  guildPayload,
  homeGuild,
  ids,
  otherGuild,
  permissions,
  permissionsIn,
  threadPayload,
  users,
  type ChannelSpec,
  type GuildSpec,
  type UserFixture,
} from './guilds.ts';

export { extraChannelId, ids, makeUser, permissions, users, type UserFixture } from './guilds.ts';

export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfakeT.emulator-secret-token-value_0123456789';

/** A file uploaded with a message (multipart/form-data, as discord.js sends files). */
export interface UploadedFile {
  /** The form field: `files[0]`, `files[1]`, … */
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path after /api/v10, percent-decoded (`@original`, not `%40original`). */
  path: string;
  query: Record<string, string>;
  /** The JSON body; for a multipart request, its `payload_json`. */
  body: any;
  /** The files of a multipart request (none otherwise). */
  files: UploadedFile[];
  authorization: string | undefined;
  contentType: string | undefined;
}

interface HookResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (the default answer when status is not given). */
  delayMs?: number;
  /** Never answer: the request stays open until the client aborts it (its REST timeout) or the emulator closes. */
  hang?: boolean;
}

/** Discord's answers to a webhook call with an expired or revoked interaction token. */
const EXPIRED_TOKEN_ANSWERS = {
  /** The 15 minutes are over: the webhook no longer exists. */
  'unknown-webhook': { status: 404, body: { message: 'Unknown Webhook', code: 10015 } },
  /** A token Discord does not accept (revoked, or never valid). */
  'invalid-token': { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } },
} as const;
export type ExpiryKind = keyof typeof EXPIRED_TOKEN_ANSWERS;

export interface EmulatorOptions {
  /**
   * Keep every request in `requests` (default). A load run turns it off: requests are then only
   * emitted as 'request' events, and `forget()` drops an interaction and its messages once done.
   */
  keepHistory?: boolean;
  /** More text channels in the home server (ids from extraChannelId), for load spread over channels. */
  extraChannels?: number;
  /** More servers the bot is in (ids from extraGuildId), beside the home server and the other one. */
  extraGuilds?: number;
  /** The shard count GET /gateway/bot recommends (default 1). */
  shards?: number;
  /** Servers one shard may hold; an IDENTIFY that would get more is closed with 4011 (Discord: 2,500). */
  maxGuildsPerShard?: number;
  /** session_start_limit.max_concurrency: shards that may identify at the same time (default 1; large bots get 16). */
  maxConcurrency?: number;
  /** How long an interaction's token works (default: 15 minutes, as on Discord). */
  interactionLifetimeMs?: number;
}

const FIFTEEN_MINUTES_MS = 15 * 60_000;

/** Discord's answer to a webhook call once the interaction's 15 minutes are over. */
const TOKEN_LIFETIME_OVER = { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } } as const;

export type RouteHook = (request: RecordedRequest) => HookResponse | undefined | Promise<HookResponse | undefined>;

interface HookEntry {
  method: string | null;
  path: RegExp;
  hook: RouteHook;
  remaining: number;
}

export interface IdentifyDecision {
  /** Close the connection with this gateway close code instead of answering READY. */
  closeCode?: number;
}

const ISO = '2024-01-01T00:00:00.000000+00:00';
/** The fields of a message object the bot is never told anything particular about. */
const messageDefaults = () => ({
  timestamp: ISO,
  edited_timestamp: null,
  tts: false,
  mention_everyone: false,
  mentions: [] as unknown[],
  mention_roles: [],
  attachments: [] as unknown[],
  pinned: false,
});

export interface ChatCommandInput {
  name: string;
  options?: Array<{ name: string; type: number; value: string | number | boolean; focused?: boolean }>;
  user?: UserFixture;
  roles?: readonly string[];
  permissions?: string;
  /** A channel of any server the emulator knows (the server follows from it); default: the home server's general. */
  channelId?: string;
  locale?: string;
  /** false = sent from a DM with the bot (no guild, no member). */
  inGuild?: boolean;
  /** The bot's permissions as sent in `app_permissions`; default: computed from the server's roles and overwrites. */
  appPermissions?: string;
}

/** A press or a choice on a component of a message the emulator knows (the bot's own, private ones included). */
export type ComponentInput = Omit<ChatCommandInput, 'name' | 'options'> & { customId: string; messageId: string };

export interface DispatchedInteraction {
  id: string;
  token: string;
  payload: any;
}

export interface MessageInput {
  content: string;
  author?: UserFixture;
  channelId?: string;
  /** Defaults to true: the bot is listed in `mentions` as Discord does for `<@bot>`. */
  mentionsBot?: boolean;
  /** Id of the message this one replies to (must be known to the emulator). */
  replyTo?: string;
}

export interface ForumPostInput {
  forumId?: string;
  title: string;
  /** The post's first message. */
  content: string;
  author?: UserFixture;
  /** Whether its first message mentions the bot (default false: a post is written for people). */
  mentionsBot?: boolean;
}

/** What the emulator answers a bot-token request that Discord would refuse. */
interface Refusal {
  status: number;
  body: { message: string; code: number };
}

const refusals = {
  missingAccess: { status: 403, body: { message: 'Missing Access', code: 50001 } },
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  emptyMessage: { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } },
  unknownChannel: { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
  unknownMessage: { status: 404, body: { message: 'Unknown Message', code: 10008 } },
  threadExists: { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } },
  cannotStartThread: { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } },
  invalidThreadName: { status: 400, body: { message: 'Invalid Form Body: name must be 1–100 characters', code: 50035 } },
  closedDms: { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } },
  fileTooLarge: { status: 413, body: { message: 'Request entity too large', code: 40005 } },
} satisfies Record<string, Refusal>;

/** What Discord lets a bot upload per file without a boosted server (`attachment_size_limit` in interactions). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/**
 * A request's body: JSON, or multipart/form-data (discord.js's way of sending files: the JSON in the
 * `payload_json` field, each file in `files[n]`), parsed by the runtime's own multipart parser.
 */
async function readBody(raw: Buffer, contentType: string | undefined): Promise<{ body: any; files: UploadedFile[] }> {
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: any;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
    return { body, files };
  }
  if (!raw.length) return { body: undefined, files: [] };
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

/** The shard a server's events go to, as Discord assigns them. */
function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function notFound({ method, path }: RecordedRequest): { status: number; body: unknown } {
  return { status: 404, body: { message: `emulator: no route for ${method} ${path}`, code: 0 } };
}

/** A public interaction answer loses its embeds where the bot may not embed links (assumed to work as for channel messages). */
function withoutForbiddenEmbeds(interaction: any, data: any): any {
  const ephemeral = ((data.flags ?? interaction.deferFlags ?? interaction.message?.flags ?? 0) & 64) !== 0;
  if (ephemeral || !interaction.guild_id || (BigInt(interaction.app_permissions) & P.EmbedLinks) !== 0n) return data;
  return data.embeds ? { ...data, embeds: [] } : data;
}

/** DM channels have ids of their own in the emulator: 1600 + the user's id without its first 4 digits. */
function dmChannelOf(userId: string): string {
  return `1600${userId.slice(4)}`;
}

/** The privileged intent without which a bot gets no text of messages that do not mention it. */
const MESSAGE_CONTENT_INTENT = 1 << 15;
/** MessageFlags.HasThread: a thread was started on the message. */
const HAS_THREAD = 1 << 5;

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: any[];
  components: any[];
  flags: number;
  author: UserFixture;
  message_reference?: any;
  [key: string]: unknown;
}

export class DiscordEmulator extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  /** Identify payloads received on the gateway (to assert on intents). */
  readonly identifies: any[] = [];
  readonly messages = new Map<string, StoredMessage>();
  /** Interaction token → id of the message `@original` refers to. */
  private readonly originals = new Map<string, string>();
  private readonly interactions = new Map<string, any>();
  /** Interaction token → interaction (webhook routes look interactions up by token). */
  private readonly byToken = new Map<string, any>();
  /** Interaction tokens that no longer work, and how Discord says so. */
  private readonly expired = new Map<string, ExpiryKind>();
  /** Gateway sessions that can no longer be resumed (a RESUME gets op 9 d=false). */
  private readonly deadSessions = new Set<string>();
  private readonly sessionOf = new Map<WebSocket, string>();
  private sessionCount = 0;
  private readonly keepHistory: boolean;
  private readonly hooks: HookEntry[] = [];
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;
  private nextId = 1n;
  private requestSeq = 0;
  /** Decide what to do with an IDENTIFY: default answers READY + GUILD_CREATE. */
  onIdentify: (payload: any) => IdentifyDecision = () => ({});
  /** The servers the bot is in (home first), announced in READY and GUILD_CREATE; tests may change overwrites. */
  readonly guilds: GuildSpec[];
  /** Users whose DMs are closed to the bot (POST to their DM channel: 403 50007). */
  readonly closedDms = new Set<string>();
  /** Webhook calls made with a token past its lifetime (each answered 401 50027). */
  readonly expiredTokenRequests: RecordedRequest[] = [];
  token = TOKEN;
  private readonly shardOf = new Map<WebSocket, [number, number]>();
  private readonly sessionShard = new Map<string, [number, number]>();
  /** Interaction token → when it was issued (Date.now()). */
  private readonly issuedAt = new Map<string, number>();
  private readonly options: Required<Omit<EmulatorOptions, 'keepHistory' | 'extraChannels' | 'extraGuilds' | 'shards'>> & { shards: number | null };

  private constructor(
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    options: EmulatorOptions,
  ) {
    super();
    this.keepHistory = options.keepHistory ?? true;
    this.guilds = [homeGuild(options.extraChannels ?? 0), otherGuild()];
    for (let i = 0; i < (options.extraGuilds ?? 0); i++) this.guilds.push(otherGuild(extraGuildId(i), `Server ${i}`));
    this.options = {
      shards: options.shards ?? null,
      maxGuildsPerShard: options.maxGuildsPerShard ?? 2500,
      maxConcurrency: options.maxConcurrency ?? 1,
      interactionLifetimeMs: options.interactionLifetimeMs ?? FIFTEEN_MINUTES_MS,
    };
    // Many concurrent waiters (load runs) each listen for 'request'.
    this.setMaxListeners(0);
  }

  static async start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
    const server = http.createServer();
    const wss = new WebSocketServer({ noServer: true });
    const emulator = new DiscordEmulator(server, wss, options);
    server.on('request', (req, res) => void emulator.handleHttp(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => emulator.handleSocket(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('emulator not listening');
    return address.port;
  }

  /** What the client takes as `rest.api` (and what DISCORD_REST_API holds). */
  get restApi(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  snowflake(): string {
    return String(1500000000000000000n + this.nextId++);
  }

  // ---------------------------------------------------------------- faults

  /** Intercept requests matching method + path (after /api/v10) `times` times (default: always). */
  hook(method: string | null, path: RegExp, hook: RouteHook, times = Infinity): () => void {
    const entry: HookEntry = { method, path, hook, remaining: times };
    this.hooks.push(entry);
    return () => {
      const index = this.hooks.indexOf(entry);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /**
   * Close every gateway connection with a close code: 4000 (unknown error) is resumable; 4009
   * (session timed out) is not, and the session is forgotten so a RESUME would be refused too.
   */
  closeGateway(code: number, { resumable = code !== 4009 && code !== 4007 }: { resumable?: boolean } = {}): void {
    for (const socket of this.sockets) {
      if (!resumable) this.killSession(socket);
      socket.close(code, 'emulator');
    }
  }

  /** Send op 9 INVALID_SESSION to every connection; d=false means "identify again", d=true "resume". */
  invalidateSession(resumable: boolean): void {
    for (const socket of this.sockets) {
      if (!resumable) this.killSession(socket);
      socket.send(JSON.stringify({ op: 9, d: resumable }));
    }
  }

  /** From now on, webhook calls with this interaction's token fail as Discord's do after expiry. */
  expire(interaction: DispatchedInteraction, kind: ExpiryKind = 'unknown-webhook'): void {
    this.expired.set(interaction.token, kind);
  }

  /** Drop an interaction and the messages it made (long load runs; the bot is done with it). */
  forget(interaction: DispatchedInteraction): void {
    const messageId = this.originals.get(interaction.token);
    if (messageId) this.messages.delete(messageId);
    this.originals.delete(interaction.token);
    this.interactions.delete(interaction.id);
    this.byToken.delete(interaction.token);
    this.expired.delete(interaction.token);
    this.issuedAt.delete(interaction.token);
  }

  /** Drop a stored message (a user's mention or the bot's reply to it). */
  forgetMessage(messageId: string): void {
    this.messages.delete(messageId);
  }

  private killSession(socket: WebSocket): void {
    const session = this.sessionOf.get(socket);
    if (session) this.deadSessions.add(session);
    this.sessionOf.delete(socket);
  }

  // ---------------------------------------------------------------- message content

  /** Whether the bot identified with the Message Content intent (its latest IDENTIFY). */
  get messageContentIntent(): boolean {
    return ((Number(this.identifies.at(-1)?.intents ?? 0) & MESSAGE_CONTENT_INTENT) !== 0) as boolean;
  }

  /**
   * A message as the bot receives it: without the Message Content intent, the text (and embeds,
   * attachments, components) of a message by someone else that does not mention the bot is empty.
   */
  asSeenByBot<M extends { author: UserFixture; mentions?: unknown[]; content: string }>(message: M): M {
    const mentionsBot = (message.mentions ?? []).some((user: any) => user?.id === ids.bot);
    if (this.messageContentIntent || message.author.id === ids.bot || mentionsBot) return message;
    return { ...message, content: '', embeds: [], attachments: [], components: [] };
  }

  // ---------------------------------------------------------------- waiting

  /** Resolves with the first request (already recorded at index ≥ from, or future) matching. */
  waitFor(predicate: (request: RecordedRequest) => boolean, { from = 0, timeoutMs = 10_000 } = {}): Promise<RecordedRequest> {
    const found = this.requests.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('request', listener);
        const recent = this.requests
          .slice(-8)
          .map((r) => `${r.method} ${r.path}`)
          .join('\n  ');
        reject(new Error(`emulator: no matching request within ${timeoutMs} ms; recent:\n  ${recent}`));
      }, timeoutMs);
      const listener = (request: RecordedRequest) => {
        if (request.seq >= from && predicate(request)) {
          clearTimeout(timer);
          this.off('request', listener);
          resolve(request);
        }
      };
      this.on('request', listener);
    });
  }

  /** Every request made for one interaction (callback + webhook), in order. */
  requestsFor(interaction: DispatchedInteraction): RecordedRequest[] {
    return this.requests.filter((r) => this.belongsTo(r, interaction));
  }

  waitForInteraction(
    interaction: DispatchedInteraction,
    predicate: (request: RecordedRequest) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<RecordedRequest> {
    return this.waitFor((r) => this.belongsTo(r, interaction) && predicate(r), { timeoutMs });
  }

  private belongsTo(request: RecordedRequest, interaction: DispatchedInteraction): boolean {
    return request.path.startsWith(`/interactions/${interaction.id}/`) || request.path.startsWith(`/webhooks/${ids.application}/${interaction.token}`);
  }

  /** The message an interaction's `@original` refers to now. */
  originalOf(interaction: DispatchedInteraction): StoredMessage | undefined {
    return this.messages.get(this.originals.get(interaction.token) ?? '');
  }

  // ---------------------------------------------------------------- dispatching

  /**
   * Send an event to the connections with a live session (identified or resumed) on the shard that
   * holds its server ((guild_id >> 22) % shard count), as Discord does; events without a server
   * (DMs) go to shard 0.
   */
  dispatch(type: string, data: any): void {
    const payload = JSON.stringify({ op: 0, t: type, s: ++this.sequence, d: data });
    const guildId: string | undefined = data?.guild_id;
    for (const socket of this.sessionOf.keys()) {
      const [shard, count] = this.shardOf.get(socket) ?? [0, 1];
      if ((guildId ? shardOfGuild(guildId, count) : 0) === shard) socket.send(payload);
    }
  }

  // ---------------------------------------------------------------- servers and permissions

  /** The server a channel or thread belongs to (undefined for DMs and unknown channels). */
  guildOfChannel(channelId: string): GuildSpec | undefined {
    return this.guilds.find((guild) => guild.channels.some((c) => c.id === channelId) || guild.threads.some((t) => t.id === channelId));
  }

  private channelSpec(channelId: string): { guild: GuildSpec; channel: ChannelSpec; isThread: boolean } | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { guild, channel, isThread: false };
      const thread = guild.threads.find((t) => t.id === channelId);
      if (thread) return { guild, channel: thread, isThread: true };
    }
    return undefined;
  }

  /** The bot's permissions in a channel of one of its servers, as Discord computes them. */
  botPermissionsIn(channelId: string): bigint {
    const guild = this.guildOfChannel(channelId);
    return guild ? permissionsIn(guild, channelId, ids.bot, guild.botRoleIds) : 0n;
  }

  // ---------------------------------------------------------------- dispatching

  private baseInteraction(type: number, input: ChatCommandInput): any {
    const id = this.snowflake();
    const token = `interaction-token-${id}`;
    const inGuild = input.inGuild ?? true;
    const who = input.user ?? users.member;
    const channelId = input.channelId ?? ids.channels.general;
    const guild = inGuild ? this.guildOfChannel(channelId) : undefined;
    if (inGuild && !guild) throw new Error(`emulator: unknown channel ${channelId}`);
    const payload: any = {
      id,
      application_id: ids.application,
      type,
      token,
      version: 1,
      locale: input.locale ?? 'en-US',
      entitlements: [],
      app_permissions: input.appPermissions ?? String(guild ? this.botPermissionsIn(channelId) : DM_APP_PERMISSIONS),
      attachment_size_limit: 10485760,
      context: inGuild ? 0 : 1,
      authorizing_integration_owners: { '0': guild?.id ?? ids.guild },
    };
    if (guild) {
      const isThread = guild.threads.some((t) => t.id === channelId);
      const name = [...guild.channels, ...guild.threads].find((c) => c.id === channelId)!.name;
      payload.guild_id = guild.id;
      payload.guild_locale = 'en-US';
      payload.guild = { id: guild.id, locale: 'en-US', features: [] };
      payload.channel_id = channelId;
      payload.channel = { id: channelId, type: isThread ? 11 : 0, guild_id: guild.id, name, flags: 0 };
      payload.member = {
        user: who,
        roles: [...(input.roles ?? [])],
        permissions: input.permissions ?? permissions.member,
        joined_at: ISO,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        nick: null,
        avatar: null,
        premium_since: null,
        communication_disabled_until: null,
      };
    } else {
      const dmChannel = dmChannelOf(who.id);
      payload.channel_id = dmChannel;
      payload.channel = { id: dmChannel, type: 1, flags: 0, recipients: [who] };
      payload.user = who;
      payload.authorizing_integration_owners = { '1': who.id };
    }
    return payload;
  }

  private commandData(input: ChatCommandInput) {
    return {
      id: `17000000000000000${input.name.length}`,
      name: input.name,
      type: 1,
      options: input.options ?? [],
      ...(input.inGuild === false ? {} : { guild_id: this.guildOfChannel(input.channelId ?? ids.channels.general)?.id }),
    };
  }

  private send(payload: any): DispatchedInteraction {
    this.interactions.set(payload.id, payload);
    this.byToken.set(payload.token, payload);
    this.issuedAt.set(payload.token, Date.now());
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token, payload };
  }

  /** A slash command (APPLICATION_COMMAND, type 2). */
  chatCommand(input: ChatCommandInput): DispatchedInteraction {
    const payload = this.baseInteraction(2, input);
    payload.data = this.commandData(input);
    return this.send(payload);
  }

  /** Autocomplete for a slash command option (type 4): one option has `focused: true`. */
  autocomplete(input: ChatCommandInput): DispatchedInteraction {
    const payload = this.baseInteraction(4, input);
    payload.data = this.commandData(input);
    return this.send(payload);
  }

  /** A button press (MESSAGE_COMPONENT, type 3, component_type 2) on a message the emulator knows. */
  button(input: ComponentInput): DispatchedInteraction {
    return this.component(input, { custom_id: input.customId, component_type: 2 });
  }

  /** A choice in a string select menu (MESSAGE_COMPONENT, type 3, component_type 3) on a message the emulator knows. */
  select(input: ComponentInput & { values: string[] }): DispatchedInteraction {
    return this.component(input, { custom_id: input.customId, component_type: 3, values: input.values });
  }

  private component(input: ComponentInput, data: { custom_id: string; component_type: number; values?: string[] }): DispatchedInteraction {
    const message = this.messages.get(input.messageId);
    if (!message) throw new Error(`emulator: unknown message ${input.messageId}`);
    const payload = this.baseInteraction(3, { ...input, name: '', channelId: input.channelId ?? message.channel_id });
    payload.data = data;
    payload.message = { ...message, ...messageDefaults(), attachments: message.attachments ?? [], type: 0 };
    this.originals.set(payload.token, message.id);
    return this.send(payload);
  }

  /** A user message (MESSAGE_CREATE). Returns the message id. */
  message(input: MessageInput): string {
    const author = input.author ?? users.member;
    const channelId = input.channelId ?? ids.channels.general;
    const guildId = this.guildOfChannel(channelId)?.id;
    if (!guildId) throw new Error(`emulator: unknown channel ${channelId}`);
    const referenced = input.replyTo ? this.messages.get(input.replyTo) : undefined;
    if (input.replyTo && !referenced) throw new Error(`emulator: unknown message ${input.replyTo}`);
    const payload = this.userMessage(this.snowflake(), channelId, guildId, author, input.content, input.mentionsBot ?? true);
    if (referenced) {
      payload.type = 19;
      payload.message_reference = { type: 0, message_id: referenced.id, channel_id: referenced.channel_id, guild_id: guildId };
      payload.referenced_message = this.asSeenByBot({
        ...referenced,
        ...messageDefaults(),
        mentions: (referenced.mentions as unknown[] | undefined) ?? [],
        type: 0,
      });
    }
    if (this.keepHistory) this.messages.set(payload.id, { ...payload });
    this.dispatch('MESSAGE_CREATE', this.asSeenByBot(payload));
    return payload.id;
  }

  /**
   * A new post in a forum channel: a public thread named after its title, created by its author, and
   * its starter message (the thread's id); THREAD_CREATE, then the message's MESSAGE_CREATE. Returns
   * the thread's id.
   */
  forumPost(input: ForumPostInput): string {
    const forumId = input.forumId ?? ids.channels.forum;
    const guild = this.guildOfChannel(forumId);
    const forum = guild?.channels.find((channel) => channel.id === forumId);
    if (!guild || forum?.type !== CHANNEL_TYPES.forum) throw new Error(`emulator: ${forumId} is not a forum channel`);
    const author = input.author ?? users.member;
    const thread: ChannelSpec = { id: this.snowflake(), name: input.title, overwrites: [], parentId: forumId, ownerId: author.id };
    guild.threads.push(thread);
    this.threadCreate(thread.id);
    const starter = this.userMessage(thread.id, thread.id, guild.id, author, input.content, input.mentionsBot ?? false);
    this.messages.set(starter.id, { ...starter });
    this.dispatch('MESSAGE_CREATE', this.asSeenByBot(starter));
    return thread.id;
  }

  /** THREAD_CREATE for a thread the emulator knows, as new (again: Discord may repeat an event, e.g. on a resume). */
  threadCreate(threadId: string): void {
    const guild = this.guildOfChannel(threadId);
    const thread = guild?.threads.find((t) => t.id === threadId);
    if (!guild || !thread) throw new Error(`emulator: unknown thread ${threadId}`);
    this.dispatch('THREAD_CREATE', { ...threadPayload(guild.id, thread), newly_created: true });
  }

  private userMessage(id: string, channelId: string, guildId: string, author: UserFixture, content: string, mentionsBot: boolean): any {
    return {
      id,
      channel_id: channelId,
      guild_id: guildId,
      author,
      member: { roles: [], joined_at: ISO, deaf: false, mute: false, flags: 0 },
      content,
      ...messageDefaults(),
      mentions: mentionsBot ? [users.bot] : [],
      embeds: [],
      components: [],
      type: 0,
      flags: 0,
    };
  }

  // ---------------------------------------------------------------- gateway

  private handleSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.sessionOf.delete(socket);
      this.shardOf.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
    socket.on('message', (raw) => {
      let packet: any;
      try {
        packet = JSON.parse(String(raw));
      } catch {
        return socket.close(4002, 'decode error');
      }
      if (packet.op === 1) {
        socket.send(JSON.stringify({ op: 11 }));
      } else if (packet.op === 2) {
        this.identifies.push(packet.d);
        if (packet.d?.token !== this.token) return socket.close(4004, 'Authentication failed.');
        const decision = this.onIdentify(packet.d);
        if (decision.closeCode) return socket.close(decision.closeCode, 'emulator');
        const shard: [number, number] = Array.isArray(packet.d?.shard) ? [Number(packet.d.shard[0]), Number(packet.d.shard[1])] : [0, 1];
        if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return socket.close(4010, 'Invalid shard.');
        if (this.guildsOnShard(shard).length > this.options.maxGuildsPerShard) return socket.close(4011, 'Sharding required.');
        const session = `emulated-session-${++this.sessionCount}`;
        this.sessionOf.set(socket, session);
        this.shardOf.set(socket, shard);
        this.sessionShard.set(session, shard);
        this.sendReady(socket, session, shard);
      } else if (packet.op === 6) {
        const session = String(packet.d?.session_id ?? '');
        // A session the server forgot cannot be resumed: Discord answers op 9 with d=false.
        if (this.deadSessions.has(session)) return void socket.send(JSON.stringify({ op: 9, d: false }));
        this.sessionOf.set(socket, session);
        this.shardOf.set(socket, this.sessionShard.get(session) ?? [0, 1]);
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.sequence, d: {} }));
      }
    });
  }

  private guildsOnShard([shard, count]: [number, number]): GuildSpec[] {
    return this.guilds.filter((guild) => shardOfGuild(guild.id, count) === shard);
  }

  private sendReady(socket: WebSocket, session: string, shard: [number, number]): void {
    const guilds = this.guildsOnShard(shard).map(guildPayload);
    const ready = {
      v: 10,
      user: { ...users.bot, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      shard,
      application: { id: ids.application, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    };
    socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.sequence, d: ready }));
    for (const guild of guilds) socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.sequence, d: guild }));
  }

  // ---------------------------------------------------------------- REST

  private async handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fullPath = decodeURIComponent(url.pathname);
    const path = fullPath.replace(/^\/api(\/v\d+)?/, '');
    const { body, files } = await readBody(Buffer.concat(chunks), req.headers['content-type']);
    const request: RecordedRequest = {
      seq: this.requestSeq++,
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    };
    if (this.keepHistory) this.requests.push(request);
    this.emit('request', request);

    for (const entry of this.hooks) {
      if (entry.remaining <= 0) continue;
      if (entry.method && entry.method !== request.method) continue;
      if (!entry.path.test(path)) continue;
      const result = await entry.hook(request);
      if (!result) continue;
      entry.remaining--;
      if (result.hang) {
        this.emit('hung', request);
        return; // closeAllConnections() or the client's abort ends it
      }
      if (result.delayMs) await new Promise((resolve) => setTimeout(resolve, result.delayMs));
      if (result.status !== undefined) return this.reply(res, result.status, result.body, result.headers);
      break;
    }

    if (files.some((file) => file.data.length > ATTACHMENT_SIZE_LIMIT)) return this.reply(res, refusals.fileTooLarge.status, refusals.fileTooLarge.body);
    const answer = this.route(files.length ? { ...request, body: this.withAttachments(body ?? {}, files) } : request);
    this.reply(res, answer.status, answer.body);
  }

  /**
   * A message body with its uploads as Discord stores them: each entry of `attachments` (discord.js
   * sends `{ id: n, filename }` for `files[n]`) becomes an attachment with a size, a type and a URL.
   */
  private withAttachments(body: any, files: UploadedFile[]): any {
    const listed: any[] = Array.isArray(body.attachments) ? body.attachments : files.map((_, index) => ({ id: index }));
    const attachments = listed.flatMap((entry) => {
      const file = files.find((candidate) => candidate.field === `files[${entry.id}]`);
      if (!file) return [];
      const id = this.snowflake();
      const filename = entry.filename ?? file.name;
      const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(filename)}`;
      return [{ id, filename, size: file.data.length, content_type: file.contentType, url, proxy_url: url }];
    });
    return { ...body, attachments };
  }

  private reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return; // the client gave up waiting (its REST timeout)
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private route(request: RecordedRequest): { status: number; body?: unknown } {
    const isWebhook = request.path.startsWith('/webhooks/') || request.path.startsWith('/interactions/');
    if (isWebhook) return this.routeInteraction(request);
    if (request.authorization !== `Bot ${this.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    return this.routeApplication(request) ?? this.routeChannel(request) ?? notFound(request);
  }

  /** The bot's own routes: the gateway, the application, command registration. */
  private routeApplication({ method, path, body }: RecordedRequest): { status: number; body?: unknown } | null {
    if (method === 'GET' && path === '/gateway/bot') {
      const recommended = this.options.shards ?? Math.max(1, Math.ceil(this.guilds.length / 1000));
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: recommended,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.options.maxConcurrency },
        },
      };
    }
    if (method === 'GET' && path === '/applications/@me') {
      return {
        status: 200,
        body: { id: ids.application, name: 'NewsQA', description: '', bot_public: true, bot_require_code_grant: false, flags: 0, verify_key: 'x', icon: null },
      };
    }
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: users.bot };
    const commandsRoute = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (commandsRoute && method === 'PUT') {
      const list = Array.isArray(body) ? body : [];
      return {
        status: 200,
        body: list.map((command: any, index: number) => ({
          id: `17000000000000001${index}`,
          application_id: commandsRoute[1],
          ...(commandsRoute[2] ? { guild_id: commandsRoute[2] } : {}),
          version: '1',
          default_member_permissions: null,
          type: 1,
          ...command,
        })),
      };
    }
    return null;
  }

  /** Interaction callbacks and the webhook routes of its token (edit, delete, follow up). */
  private routeInteraction(request: RecordedRequest): { status: number; body?: unknown } {
    const { method, path, body } = request;
    const token = path.match(/^\/(?:webhooks|interactions)\/\d+\/([^/]+)/)?.[1];
    const expiry = token ? this.expired.get(token) : undefined;
    if (expiry && path.startsWith('/interactions/')) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (expiry) return EXPIRED_TOKEN_ANSWERS[expiry];
    const issued = token ? this.issuedAt.get(token) : undefined;
    if (issued !== undefined && path.startsWith('/webhooks/') && Date.now() - issued > this.options.interactionLifetimeMs) {
      this.expiredTokenRequests.push(request);
      return TOKEN_LIFETIME_OVER;
    }

    const callbackRoute = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (callbackRoute && method === 'POST') {
      const interaction = this.interactions.get(callbackRoute[1]!);
      if (!interaction || interaction.token !== callbackRoute[2]) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      if (interaction.answered) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      interaction.answered = true;
      if (body?.type === 5) {
        interaction.deferFlags = body.data?.flags ?? 0;
        // A deferred reply is a new message, also for a button (whose @original was the message it is on).
        this.originals.delete(interaction.token);
      }
      if (body?.type === 4) this.storeOriginal(interaction, withoutForbiddenEmbeds(interaction, body.data ?? {}));
      if (body?.type === 7) this.patchOriginal(interaction.token, withoutForbiddenEmbeds(interaction, body.data ?? {}));
      return { status: 204 };
    }

    const interaction = token ? this.byToken.get(token) : undefined;
    if (!interaction) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (/\/messages\/@original$/.test(path)) {
      if (method === 'PATCH') return { status: 200, body: this.patchOriginal(token!, withoutForbiddenEmbeds(interaction, body ?? {}), interaction) };
      if (method === 'GET') {
        const message = this.messages.get(this.originals.get(token!) ?? '');
        return message ? { status: 200, body: message } : refusals.unknownMessage;
      }
      if (method === 'DELETE') {
        this.messages.delete(this.originals.get(token!) ?? '');
        this.originals.delete(token!);
        return { status: 204 };
      }
    }
    if (/^\/webhooks\/\d+\/[^/]+$/.test(path) && method === 'POST') {
      return { status: 200, body: this.storeMessage(interaction.channel_id, withoutForbiddenEmbeds(interaction, body ?? {})) };
    }
    return notFound(request);
  }

  /** Bot-token messages: held to the bot's permissions in the channel, as Discord does. */
  private routeChannel({ method, path, body }: RecordedRequest): { status: number; body?: unknown } | null {
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body?.recipient_id ?? '');
      return { status: 200, body: { id: dmChannelOf(recipient), type: 1, flags: 0, recipients: [{ ...users.member, id: recipient }] } };
    }
    const typingRoute = path.match(/^\/channels\/(\d+)\/typing$/);
    if (typingRoute && method === 'POST') return { status: 204 };

    const startThreadRoute = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/);
    if (startThreadRoute && method === 'POST') return this.startThreadFromMessage(startThreadRoute[1]!, startThreadRoute[2]!, body ?? {});
    const fetchRoute = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/);
    if (fetchRoute && method === 'GET') return this.fetchMessage(fetchRoute[1]!, fetchRoute[2]!);

    const channelMessagesRoute = path.match(/^\/channels\/(\d+)\/messages$/);
    if (channelMessagesRoute && method === 'POST') {
      const channelId = channelMessagesRoute[1]!;
      const checked = this.checkBotMessage(channelId, body ?? {});
      if ('status' in checked) return checked;
      return { status: 200, body: this.storeMessage(channelId, checked.data) };
    }
    const editRoute = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/);
    if (editRoute && method === 'PATCH') {
      const message = this.messages.get(editRoute[2]!);
      if (!message || message.channel_id !== editRoute[1]) return refusals.unknownMessage;
      const checked = this.checkBotMessage(editRoute[1]!, { ...body, message_reference: undefined });
      if ('status' in checked) return checked;
      for (const key of ['content', 'embeds', 'components'] as const) {
        if (checked.data[key] !== undefined) (message as any)[key] = checked.data[key];
      }
      message.edited_timestamp = ISO;
      return { status: 200, body: message };
    }
    return null;
  }

  /**
   * POST /channels/{channel}/messages/{message}/threads: a public thread on a message of a text
   * channel, with the message's id; the bot needs View Channel and Create Public Threads there. Its
   * THREAD_CREATE (with the bot's thread member) goes out before the answer, as Discord's often does.
   */
  private startThreadFromMessage(channelId: string, messageId: string, body: any): { status: number; body?: unknown } {
    const spec = this.channelSpec(channelId);
    const message = this.messages.get(messageId);
    if (!spec) return refusals.unknownChannel;
    if (!message || message.channel_id !== channelId) return refusals.unknownMessage;
    if (spec.isThread || (spec.channel.type ?? CHANNEL_TYPES.text) !== CHANNEL_TYPES.text) return refusals.cannotStartThread;
    const perms = this.botPermissionsIn(channelId);
    if (!(perms & P.ViewChannel)) return refusals.missingAccess;
    if (!(perms & P.CreatePublicThreads)) return refusals.missingPermissions;
    if (spec.guild.threads.some((thread) => thread.id === messageId)) return refusals.threadExists;
    const name = typeof body.name === 'string' ? body.name : '';
    if (!name.trim() || Array.from(name).length > 100) return refusals.invalidThreadName;
    const thread: ChannelSpec = { id: messageId, name, overwrites: [], parentId: channelId, ownerId: ids.bot };
    spec.guild.threads.push(thread);
    message.flags = (message.flags ?? 0) | HAS_THREAD;
    const payload = threadPayload(spec.guild.id, thread);
    const member = { id: thread.id, user_id: ids.bot, join_timestamp: ISO, flags: 0 };
    this.dispatch('THREAD_CREATE', { ...payload, newly_created: true, member });
    return { status: 201, body: payload };
  }

  /** GET /channels/{channel}/messages/{message}: needs View Channel and Read Message History; content as the bot may see it. */
  private fetchMessage(channelId: string, messageId: string): { status: number; body?: unknown } {
    const message = this.messages.get(messageId);
    if (!this.channelSpec(channelId)) return refusals.unknownChannel;
    const perms = this.botPermissionsIn(channelId);
    if (!(perms & P.ViewChannel)) return refusals.missingAccess;
    if (!(perms & P.ReadMessageHistory)) return refusals.missingPermissions;
    if (!message || message.channel_id !== channelId) return refusals.unknownMessage;
    return { status: 200, body: this.asSeenByBot(message) };
  }

  /**
   * What Discord does with a bot's message for a channel: a DM needs the user to accept DMs; in a
   * server the bot needs View Channel, Send Messages (Send Messages in Threads in a thread), and Read
   * Message History to reply; embeds without Embed Links are dropped.
   */
  private checkBotMessage(channelId: string, data: any): Refusal | { data: any } {
    if (channelId.startsWith('1600')) {
      const recipient = [...this.closedDms].find((userId) => dmChannelOf(userId) === channelId);
      return recipient ? refusals.closedDms : { data };
    }
    const spec = this.channelSpec(channelId);
    if (!spec) return refusals.unknownChannel;
    const perms = this.botPermissionsIn(channelId);
    if (!(perms & P.ViewChannel)) return refusals.missingAccess;
    if (!(perms & (spec.isThread ? P.SendMessagesInThreads : P.SendMessages))) return refusals.missingPermissions;
    if (data.message_reference && !(perms & P.ReadMessageHistory)) return refusals.missingPermissions;
    const kept = perms & P.EmbedLinks ? data : { ...data, embeds: [] };
    if (!kept.content && !kept.embeds?.length && !kept.components?.length) return refusals.emptyMessage;
    return { data: kept };
  }

  /** Keeps the message when history is kept, or when it is an interaction's original (until forget()). */
  private storeMessage(channelId: string, data: any, keep = this.keepHistory): StoredMessage {
    const id = this.snowflake();
    const message: StoredMessage = {
      id,
      type: data.message_reference ? 19 : 0,
      channel_id: channelId,
      ...(channelId.startsWith('1600') ? {} : { guild_id: this.guildOfChannel(channelId)?.id }),
      author: users.bot,
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      flags: data.flags ?? 0,
      ...messageDefaults(),
      attachments: data.attachments ?? [],
      ...(data.message_reference ? { message_reference: data.message_reference } : {}),
    };
    if (keep) this.messages.set(id, message);
    return message;
  }

  /** An interaction's answer: it says which interaction and user it answers (`interaction_metadata`), as Discord's do. */
  private storeOriginal(interaction: any, data: any): StoredMessage {
    const message = this.storeMessage(interaction.channel_id, data, true);
    message.interaction_metadata = {
      id: interaction.id,
      type: interaction.type,
      user: interaction.member?.user ?? interaction.user,
      authorizing_integration_owners: interaction.authorizing_integration_owners,
    };
    this.originals.set(interaction.token, message.id);
    return message;
  }

  private patchOriginal(token: string, data: any, interaction?: any): StoredMessage {
    const existing = this.messages.get(this.originals.get(token) ?? '');
    if (!existing) {
      const owner = interaction ?? this.byToken.get(token);
      const created = this.storeOriginal(owner, data);
      // A deferred reply keeps the flags (ephemeral) chosen when deferring.
      if (owner?.deferFlags) created.flags = owner.deferFlags;
      return created;
    }
    for (const key of ['content', 'embeds', 'components', 'attachments'] as const) {
      if (data[key] !== undefined) (existing as any)[key] = data[key];
    }
    existing.edited_timestamp = ISO;
    return existing;
  }

  /** Stop everything. Destroy the client first: the emulator does not wait for it. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
