/** Grouping the coverage gaps: similar wordings together, rare shared words count, deterministic. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { groupGaps, type GapCandidate } from '../../src/stats/gaps.ts';

const analyzer = createAnalyzer();
let nextId = 1;

function candidate(question: string, count: number, unanswered = count): GapCandidate {
  return { terms: [...new Set(analyzer.terms(question))].sort(), count, unanswered, downvoted: count - unanswered, noAnswer: 0, exampleId: nextId++ };
}

function wordings(groups: ReturnType<typeof groupGaps>, questions: Map<number, string>): string[][] {
  return groups.map((group) => group.members.map((member) => questions.get(member.exampleId)!));
}

test('wordings of one question are grouped; different questions are not', () => {
  const asked: Array<[string, number]> = [
    ['متى تأسست شركة أرامكو السعودية؟', 5],
    ['متى تأسست أرامكو؟', 3],
    ['في أي عام تأسست شركة أرامكو', 2],
    ['من هو رئيس وزراء قطر؟', 4],
    ['رئيس الوزراء القطري من هو', 1],
    ['كم عدد سكان قطر؟', 2],
  ];
  const questions = new Map<number, string>();
  const candidates = asked.map(([question, count]) => {
    const made = candidate(question, count);
    questions.set(made.exampleId, question);
    return made;
  });
  const groups = groupGaps(candidates);
  const grouped = wordings(groups, questions);
  assert.deepEqual(grouped[0], ['متى تأسست شركة أرامكو السعودية؟', 'متى تأسست أرامكو؟', 'في أي عام تأسست شركة أرامكو']);
  assert.equal(groups[0]!.count, 10);
  assert.ok(
    grouped.some((group) => group.includes('كم عدد سكان قطر؟') && group.length === 1),
    'sharing only the common word (قطر) does not make the same question',
  );
  assert.ok(grouped.some((group) => group[0] === 'من هو رئيس وزراء قطر؟'));
});

test('the grouping does not depend on the order of its input', () => {
  const questions = ['ما عاصمة قطر', 'عاصمة قطر ما هي', 'أين تقع الدوحة', 'الدوحة أين تقع', 'متى انتهت الحرب', 'كم عدد سكان قطر', 'سكان قطر كم عددهم'];
  const candidates = questions.map((question, index) => candidate(question, 1 + (index % 3)));
  const expected = groupGaps(candidates);
  for (let seed = 1; seed < 6; seed++) {
    const shuffled = [...candidates].sort((a, b) => ((a.exampleId * seed * 7919) % 101) - ((b.exampleId * seed * 7919) % 101));
    assert.deepEqual(groupGaps(shuffled), expected);
  }
});

test('counts add up per group, and questions without words are left out', () => {
  const groups = groupGaps([candidate('ما عاصمة قطر', 4, 3), candidate('عاصمة قطر', 2, 2), { ...candidate('', 9), terms: [] }]);
  assert.equal(groups.length, 1);
  assert.deepEqual({ count: groups[0]!.count, unanswered: groups[0]!.unanswered, downvoted: groups[0]!.downvoted }, { count: 6, unanswered: 5, downvoted: 1 });
});
