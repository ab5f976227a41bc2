/**
 * The bot's conversations (stored in its database, data/conversations.ts): a thread, or a chain of
 * replies in a channel. A question in one is a follow-up, asked with the conversation's context
 * (AskOptions.context: its last few questions and the passages already shown), and survives a
 * restart. Forum posts the bot took on are kept here too, so that each is answered once.
 *
 * Nothing here throws: a database that cannot be used means questions are answered without their
 * conversation (one log line per problem), and forum posts are remembered in memory until a restart.
 */
import type { Message } from 'discord.js';
import type { Logger } from 'pino';
import type { BotDatabase } from '../data/botDatabase.ts';
import { appendTurn, claimForumPost, conversationCutoff, conversationOfMessage, conversationTurns, pruneConversations } from '../data/conversations.ts';
import type { ConversationContext } from '../types.ts';
import { Lru } from '../util/lru.ts';

/** Earlier questions a follow-up is asked with: the core weighs each further one less (retrieval/followUp.ts). */
const CONTEXT_QUESTIONS = 3;
const PRUNE_EVERY_MS = 6 * 3_600_000;

export interface Conversation {
  /** A thread's id, or the id of the first answer of a chain of replies. */
  id: string;
  /** What a follow-up is asked with; null when the conversation has no question yet (a new thread). */
  context: ConversationContext | null;
}

export interface AnsweredTurn {
  conversationId: string;
  guildId: string | null;
  channelId: string;
  userId: string;
  /** The question as the user asked it (neutralized). */
  question: string;
  lang: string;
  shownPassageIds: readonly string[];
  /** The bot's messages holding the answer. */
  answerMessageIds: readonly string[];
}

export class ConversationStore {
  private loggedProblem: string | null = null;
  /** Forum posts taken on while the database could not record them. */
  private readonly claimedInMemory = new Lru<string, true>(10_000);
  private readonly pruneTimers: Array<NodeJS.Timeout | NodeJS.Immediate> = [];

  constructor(
    private readonly data: BotDatabase,
    private readonly logger: Logger,
    private readonly now: () => number,
    retentionDays: number,
  ) {
    if (!data.db) return;
    const prune = () => this.attempt('prune conversations', (db) => pruneConversations(db, conversationCutoff(retentionDays, this.now())));
    const every = setInterval(prune, PRUNE_EVERY_MS);
    every.unref();
    this.pruneTimers.push(setImmediate(prune), every);
  }

  /**
   * The conversation a message continues: the one of the bot's answer it replies to, else its
   * thread's (null outside threads when it replies to no known answer).
   */
  continuedBy(message: Message): Conversation | null {
    const referenced = message.reference?.messageId;
    const byReply = referenced ? this.attempt('find a conversation', (db) => conversationOfMessage(db, referenced)) : null;
    const id = byReply ?? (message.channel.isThread() ? message.channelId : null);
    return id ? { id, context: this.contextOf(id) } : null;
  }

  /** The context of a conversation's kept questions, or null when it has none (or they cannot be read). */
  contextOf(conversationId: string): ConversationContext | null {
    const turns = this.attempt('read a conversation', (db) => conversationTurns(db, conversationId)) ?? [];
    if (!turns.length) return null;
    return {
      earlierQuestions: turns.slice(-CONTEXT_QUESTIONS).map((turn) => turn.question),
      shownPassageIds: [...new Set(turns.flatMap((turn) => turn.shown))],
    };
  }

  /** Adds an answered question to its conversation. */
  record(turn: AnsweredTurn): void {
    this.attempt('record a conversation', (db) =>
      appendTurn(db, {
        conversationId: turn.conversationId,
        guildId: turn.guildId,
        channelId: turn.channelId,
        userHash: this.data.hashUser(turn.userId),
        question: turn.question,
        lang: turn.lang,
        shown: turn.shownPassageIds,
        askedAt: this.now(),
        answerMessageIds: turn.answerMessageIds,
      }),
    );
  }

  /** True the first time a forum post is taken on; false after (a repeated gateway event, a restart). */
  claimForumPost(threadId: string, guildId: string): boolean {
    if (this.claimedInMemory.get(threadId)) return false;
    const claimed = this.attempt('record a forum post', (db) => claimForumPost(db, threadId, guildId, this.now()));
    if (claimed === null) this.claimedInMemory.set(threadId, true);
    return claimed ?? true;
  }

  close(): void {
    for (const timer of this.pruneTimers) {
      clearInterval(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
  }

  /** Runs a database step; null (and one log line per distinct problem) when it cannot. */
  private attempt<T>(what: string, step: (db: NonNullable<BotDatabase['db']>) => T): T | null {
    const { db } = this.data;
    if (!db) return null;
    try {
      const result = step(db);
      this.loggedProblem = null;
      return result;
    } catch (error) {
      const problem = this.data.describe(error).message;
      if (this.loggedProblem !== problem) this.logger.warn({ problem }, `could not ${what}: follow-ups are answered without their conversation`);
      this.loggedProblem = problem;
      return null;
    }
  }
}
