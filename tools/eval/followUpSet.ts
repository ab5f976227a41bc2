/**
 * The follow-up set, derived from a question set whose questions come in groups about one passage:
 * ARCD's crowdworkers wrote about three questions per paragraph, one after another, and the second
 * and later ones often lean on the first («متى ولد؟» after «من هو جمال خاشقجي؟»). A group is a run of
 * consecutive questions with the same single gold document; it is asked as a conversation, in file
 * order: its first question alone, each later one as a follow-up with the group's earlier questions.
 *
 * Derived in memory from the queries file (ARCD's text is CC BY-SA and stays in ../shared); `--write-set`
 * writes the derived set out for inspection.
 */
import type { QueryLine } from './queries.ts';

interface FollowUpTurn {
  query: QueryLine;
  /** The group's questions asked before this one, oldest first (empty for the group's first). */
  earlier: string[];
}

export interface FollowUpGroup {
  gold: string;
  split: string | undefined;
  turns: FollowUpTurn[];
}

/** Consecutive questions with the same single gold document, in file order. */
export function followUpGroups(queries: readonly QueryLine[]): FollowUpGroup[] {
  const groups: FollowUpGroup[] = [];
  for (const query of queries) {
    const gold = query.gold.length === 1 ? query.gold[0]! : null;
    const last = groups.at(-1);
    if (gold && last && last.gold === gold && last.split === query.split) {
      last.turns.push({ query, earlier: last.turns.map((turn) => turn.query.question) });
    } else if (gold) {
      groups.push({ gold, split: query.split, turns: [{ query, earlier: [] }] });
    }
  }
  return groups;
}

/** The set as JSONL lines: each question with its group, its turn and the questions before it. */
export function followUpSetLines(groups: readonly FollowUpGroup[]): string[] {
  return groups.flatMap((group, index) =>
    group.turns.map((turn, position) =>
      JSON.stringify({
        id: turn.query.id,
        question: turn.query.question,
        gold: turn.query.gold,
        ...(group.split ? { split: group.split } : {}),
        group: index,
        turn: position,
        earlier: turn.earlier,
      }),
    ),
  );
}
