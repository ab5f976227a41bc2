import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerTypeOf, holdsAnswerType, isDefinitionQuestion } from '../../src/retrieval/answerType.ts';

test('the kind of answer asked for, in Arabic and English', () => {
  const cases: Array<[string, ReturnType<typeof answerTypeOf>]> = [
    ['كم تبلغ سرعة الضوء؟', 'number'],
    ['ما عدد سكان وارسو؟', 'number'],
    ['How many people live in Warsaw?', 'number'],
    ['متى سقطت تدمر؟', 'date'],
    ['في أي عام تأسست الشركة؟', 'date'],
    ['When did Palmyra fall?', 'date'],
    ['What year did Tesla die?', 'date'],
    ['من هو محافظ حمص؟', 'person'],
    ['Who is the governor of Homs?', 'person'],
    ['أين تقع تدمر؟', 'place'],
    ['ما هي عاصمة سوريا؟', 'other'],
    // «من» inside a question is the preposition "from".
    ['ماذا انسحب من تدمر؟', 'other'],
  ];
  for (const [question, type] of cases) assert.equal(answerTypeOf(question), type, question);
});

test('a date is a year or a month name, a number any figure or number word', () => {
  assert.ok(holdsAnswerType('سقطت المدينة في 11 ديسمبر.', 'date'));
  assert.ok(holdsAnswerType('تأسست عام 1299.', 'date'));
  assert.ok(holdsAnswerType('في كانون الأول الماضي', 'date'));
  assert.ok(!holdsAnswerType('قتل 100 عنصر.', 'date'), 'a count is no date');
  assert.ok(holdsAnswerType('قتل 100 عنصر.', 'number'));
  assert.ok(holdsAnswerType('فر آلاف المدنيين', 'number'));
  assert.ok(holdsAnswerType('قتل ثلاثة جنود', 'number'));
  assert.ok(!holdsAnswerType('انسحب التنظيم من المدينة.', 'number'));
  assert.ok(holdsAnswerType('أي نص', 'person'), 'unchecked kinds always hold');
});

test('what-is and who-is questions', () => {
  assert.ok(isDefinitionQuestion('ما هي متلازمة داون؟'));
  assert.ok(isDefinitionQuestion('من هو جمال خاشقجي؟'));
  assert.ok(isDefinitionQuestion('What is the Rhine?'));
  assert.ok(!isDefinitionQuestion('ما هي العناصر الثلاثة اللازمة لعملية البناء في المدن الكبيرة؟'));
  assert.ok(!isDefinitionQuestion('متى سقطت تدمر؟'));
});
