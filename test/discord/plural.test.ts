import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTICLE, arabicCount, FILE, PASSAGE, SECOND } from '../../src/discord/plural.ts';
import { t } from '../../src/discord/i18n.ts';

test('Arabic counts take the form of their plural category: 0, 1, 2, 3–10, 11–99, 100', () => {
  const cases: Array<[number, string]> = [
    [0, '0 مقال'],
    [1, 'مقال واحد'],
    [2, 'مقالان'],
    [3, '3 مقالات'],
    [5, '5 مقالات'],
    [10, '10 مقالات'],
    [11, '11 مقالًا'],
    [51, '51 مقالًا'],
    [99, '99 مقالًا'],
    [100, '100 مقال'],
    [102, '102 مقال'],
    [103, '103 مقالات'],
    [111, '111 مقالًا'],
  ];
  for (const [count, expected] of cases) assert.equal(arabicCount(count, ARTICLE), expected, String(count));
  assert.equal(arabicCount(51, PASSAGE), '51 مقطعًا');
  assert.equal(arabicCount(4, PASSAGE), '4 مقاطع');
});

test('the dual follows the case: a subject «مقالان», after a preposition or in a construct «مقالين»', () => {
  assert.equal(arabicCount(2, ARTICLE, 'genitive'), 'مقالين');
  assert.equal(arabicCount(2, SECOND, 'genitive'), 'ثانيتين');
  assert.equal(arabicCount(2, FILE, 'genitive'), 'ملفين');
  assert.equal(arabicCount(1, SECOND, 'genitive'), 'ثانية واحدة');
});

test('the bot says its counts in Arabic through the plural forms (no «5 مقالة», «0 متجهًا»)', () => {
  const ar = t('ar');
  assert.equal(ar.passagesCount(5), '5 مقاطع');
  assert.equal(ar.passagesCount(1), 'مقطع واحد');
  assert.match(ar.sourcesFooter(1, 1, 2), / مقالان /);
  assert.equal(ar.rateLimitedUser(3), 'أنت تسأل بسرعة. حاول مجددًا بعد 3 ثوانٍ.');
  assert.equal(ar.reindexSkipped(2), 'تم تخطي ملفين:');
  const done = ar.reindexDone({ documents: 5, passages: 51, embedded: 0, reused: 51, seconds: 1.5, mode: 'lexical', skipped: [] });
  assert.match(done, /5 مقالات، 51 مقطعًا/);
  assert.doesNotMatch(done, /0 متجهًا/);
  const help = ar.helpBody({ documents: 1, passages: 2, model: null, mode: 'lexical', dateRange: null, builtAt: null });
  assert.match(help, /حول الأخبار في مقال واحد \(مقطعان\)/);
});
