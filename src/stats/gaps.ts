/**
 * Coverage gaps: questions the corpus did not answer (not confident, or rated 👎), grouped by similar
 * wording so that an admin sees "37 people asked about X" rather than 37 lines.
 *
 * Questions are compared by their analyzer terms (src/text/analyzer.ts: normalized, stopwords out,
 * light stems), so spelling variants, clitics and question words do not separate them. Similarity is
 * the Dice coefficient of the two term sets weighted by rarity (ln(1 + N/df) over the candidates):
 * 2 × weight shared / (weight of one + weight of the other), so sharing the rare words (a name, a
 * place) counts and sharing a common one ("government") does not, and a short wording of a longer
 * question (متى تأسست أرامكو / متى تأسست شركة أرامكو السعودية) still joins it. Grouping is greedy
 * and deterministic: candidates in order of count, then of terms; each joins the most similar group
 * whose first (most asked) wording is at least THRESHOLD similar, or starts its own.
 */

export interface GapCandidate {
  /** The analyzer terms of one wording (sorted, distinct). */
  terms: string[];
  /** Answers with these terms that were unanswered or 👎-rated (each answer once). */
  count: number;
  /** Of those: not answered confidently. */
  unanswered: number;
  /** Answers rated 👎 (confident or not). */
  downvoted: number;
  /** 👎 with the reason "no answer in these articles". */
  noAnswer: number;
  /** Row id of the latest such answer: its question is shown as this wording. */
  exampleId: number;
}

export interface GapGroup {
  count: number;
  unanswered: number;
  downvoted: number;
  noAnswer: number;
  /** The wordings, most asked first. */
  members: GapCandidate[];
}

const GAP_SIMILARITY_THRESHOLD = 0.5;

function compareCandidates(a: GapCandidate, b: GapCandidate): number {
  if (a.count !== b.count) return b.count - a.count;
  const left = a.terms.join(' ');
  const right = b.terms.join(' ');
  return left < right ? -1 : left > right ? 1 : 0;
}

function rarityWeights(candidates: readonly GapCandidate[]): Map<string, number> {
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates) for (const term of candidate.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const weights = new Map<string, number>();
  for (const [term, df] of documentFrequency) weights.set(term, Math.log(1 + candidates.length / df));
  return weights;
}

function weightedDice(a: readonly string[], b: ReadonlySet<string>, weights: ReadonlyMap<string, number>, bWeight: number): number {
  let shared = 0;
  let aWeight = 0;
  for (const term of a) {
    const weight = weights.get(term)!;
    aWeight += weight;
    if (b.has(term)) shared += weight;
  }
  return aWeight + bWeight > 0 ? (2 * shared) / (aWeight + bWeight) : 0;
}

interface Forming {
  leader: Set<string>;
  leaderWeight: number;
  members: GapCandidate[];
}

export function groupGaps(candidates: readonly GapCandidate[], threshold = GAP_SIMILARITY_THRESHOLD): GapGroup[] {
  const ordered = candidates.filter((candidate) => candidate.terms.length > 0).sort(compareCandidates);
  const weights = rarityWeights(ordered);
  const groups: Forming[] = [];
  const groupsByTerm = new Map<string, number[]>();
  for (const candidate of ordered) {
    let best = -1;
    let bestSimilarity = threshold;
    const seen = new Set<number>();
    for (const term of candidate.terms) {
      for (const index of groupsByTerm.get(term) ?? []) {
        if (seen.has(index)) continue;
        seen.add(index);
        const group = groups[index]!;
        const similarity = weightedDice(candidate.terms, group.leader, weights, group.leaderWeight);
        if (similarity > bestSimilarity || (similarity === bestSimilarity && (best < 0 || index < best))) {
          best = index;
          bestSimilarity = similarity;
        }
      }
    }
    if (best >= 0) {
      groups[best]!.members.push(candidate);
      continue;
    }
    const leaderWeight = candidate.terms.reduce((sum, term) => sum + weights.get(term)!, 0);
    groups.push({ leader: new Set(candidate.terms), leaderWeight, members: [candidate] });
    for (const term of candidate.terms) {
      const list = groupsByTerm.get(term);
      if (list) list.push(groups.length - 1);
      else groupsByTerm.set(term, [groups.length - 1]);
    }
  }
  return groups.map((group) => summarize(group.members)).sort((a, b) => b.count - a.count || compareCandidates(a.members[0]!, b.members[0]!));
}

function summarize(members: GapCandidate[]): GapGroup {
  const group: GapGroup = { count: 0, unanswered: 0, downvoted: 0, noAnswer: 0, members };
  for (const member of members) {
    group.count += member.count;
    group.unanswered += member.unanswered;
    group.downvoted += member.downvoted;
    group.noAnswer += member.noAnswer;
  }
  return group;
}
