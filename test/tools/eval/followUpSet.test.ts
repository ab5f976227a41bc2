/** The follow-up set: consecutive questions about one passage form a conversation, asked in file order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followUpGroups, followUpSetLines } from '../../../tools/eval/followUpSet.ts';

const q = (id: string, question: string, gold: string[], split = 'train') => ({ id, question, gold, split });

test('a group is a run of questions with the same single gold document; each later question carries the earlier ones', () => {
  const groups = followUpGroups([
    q('1', 'من هو جمال خاشقجي؟', ['p1']),
    q('2', 'متى ولد؟', ['p1']),
    q('3', 'وأين؟', ['p1']),
    q('4', 'ما عاصمة قطر؟', ['p2']),
    q('5', 'سؤال بلا إجابة', []),
    q('6', 'عن p1 مرة أخرى', ['p1']),
    q('7', 'في قسم آخر', ['p1'], 'test'),
  ]);
  assert.deepEqual(
    groups.map((group) => [group.gold, group.turns.map((turn) => turn.query.id)]),
    [
      ['p1', ['1', '2', '3']],
      ['p2', ['4']],
      ['p1', ['6']],
      ['p1', ['7']],
    ],
    'no gold: no group; the same gold later, or in another split, is a new conversation',
  );
  assert.deepEqual(
    groups[0]!.turns.map((turn) => turn.earlier),
    [[], ['من هو جمال خاشقجي؟'], ['من هو جمال خاشقجي؟', 'متى ولد؟']],
  );
  const lines = followUpSetLines(groups).map((line) => JSON.parse(line));
  assert.deepEqual(lines[2], { id: '3', question: 'وأين؟', gold: ['p1'], split: 'train', group: 0, turn: 2, earlier: ['من هو جمال خاشقجي؟', 'متى ولد؟'] });
});
