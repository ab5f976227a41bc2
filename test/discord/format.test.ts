import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkRuns, chunkText, escapeMarkdown, safeLink, splitAtSentenceBreaks, truncate } from '../../src/discord/format.ts';

/** What Discord shows for escaped markdown: each backslash-escaped character as itself. */
const shown = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

test('escapeMarkdown: every markdown and mention trick shows literally', () => {
  const text = '**bold** _it_ ~~s~~ `c` ||spoiler|| [t](https://x.y) <@123> <@&4> <#5> @everyone @here \\ <t:1:R>';
  const escaped = escapeMarkdown(text);
  assert.equal(shown(escaped), text);
  assert.doesNotMatch(escaped, /(?<!\\)[*_~`|<@[\]]/, 'no unescaped syntax character left');
});

test('escapeMarkdown: line-start syntax (headings, quotes, lists, subtext) only where it counts', () => {
  assert.equal(escapeMarkdown('# h\n> q\n- a\n+ b\n  12. c\n-# small\nwell-known 3. x'), '\\# h\n\\> q\n\\- a\n\\+ b\n  12\\. c\n\\-# small\nwell-known 3. x');
  // A backslash before a digit would show, so numbered lists escape the dot.
  assert.equal(shown(escapeMarkdown('1. بند')), '1. بند');
});

test('splitAtSentenceBreaks keeps every character, breaking after . ! ? ؟ … and newlines, not inside 3.5 or urls', () => {
  const text = 'قال المحافظ: الوضع جيد. هل هذا صحيح؟ نعم! النسبة 3.5 بالمئة على example.com اليوم…\nسطر جديد';
  const pieces = splitAtSentenceBreaks(text);
  assert.equal(pieces.join(''), text);
  assert.deepEqual(pieces, ['قال المحافظ: الوضع جيد. ', 'هل هذا صحيح؟ ', 'نعم! ', 'النسبة 3.5 بالمئة على example.com اليوم…\n', 'سطر جديد']);
});

test('chunkRuns: chunks within the limit, cut at sentence breaks, bold closed and reopened across a cut', () => {
  const sentence = (i: number) => `هذه الجملة رقم ${i} في النص الطويل. `;
  const before = Array.from({ length: 20 }, (_, i) => sentence(i)).join('');
  const bold = Array.from({ length: 20 }, (_, i) => sentence(100 + i))
    .join('')
    .trimEnd();
  const chunks = chunkRuns(
    [
      { text: before, bold: false },
      { text: bold, bold: true },
    ],
    500,
  );
  assert.equal(chunks.length, 3);
  for (const chunk of chunks) {
    assert.ok(chunk.length <= 500);
    assert.equal((chunk.match(/\*\*/g) ?? []).length % 2, 0, 'balanced bold markers');
    assert.match(chunk, /\.(\*\*)?$/);
  }
  assert.equal(chunks.map((c) => c.replace(/\*\*/g, '')).join(' '), `${before}${bold}`.trim());
});

test('chunkRuns: a single sentence longer than a chunk is cut at spaces; escapes count towards the limit', () => {
  const long = Array.from({ length: 400 }, () => 'كلمة*').join(' ');
  const chunks = chunkText(long, 1000);
  for (const chunk of chunks) assert.ok(chunk.length <= 1000);
  assert.equal(chunks.map(shown).join(' '), long);
  // No space at all: cut by characters.
  const solid = 'ب'.repeat(2500);
  assert.deepEqual(
    chunkText(solid, 1000).map((c) => c.length),
    [1000, 1000, 500],
  );
});

test('bold never hugs spaces (Discord ignores "** x**")', () => {
  assert.deepEqual(
    chunkRuns(
      [
        { text: 'a. ', bold: false },
        { text: ' key sentence. ', bold: true },
        { text: 'tail', bold: false },
      ],
      100,
    ),
    ['a.  **key sentence.** tail'],
  );
});

test('safeLink: http(s) only, no way out of <…>, no credentials, bounded length', () => {
  assert.equal(safeLink('https://example.com/a_b*c*/(x)?q=<@1>&e=@everyone'), '<https://example.com/a_b*c*/(x)?q=%3C@1%3E&e=@everyone>');
  assert.equal(safeLink('https://example.com/a b>c'), '<https://example.com/a%20b%3Ec>');
  assert.equal(safeLink('javascript:alert(1)'), null);
  assert.equal(safeLink('https://user:pw@example.com/'), null);
  assert.equal(safeLink('not a url'), null);
  assert.equal(safeLink(`https://example.com/${'a'.repeat(600)}`), null);
  assert.equal(safeLink(null), null);
});

test('truncate: at a word boundary with an ellipsis, untouched when short', () => {
  assert.equal(truncate('short', 10), 'short');
  assert.equal(truncate('one two three four five', 12), 'one two…');
  assert.equal(truncate('abcdefghijklmnop', 5), 'abcd…');
});
