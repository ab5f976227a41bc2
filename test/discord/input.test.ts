import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseUiLang, detectUiLang } from '../../src/discord/i18n.ts';
import { neutralizeText, readQuestion, stripBotMention } from '../../src/discord/input.ts';
import { ErrorCodes, isUserError } from '../../src/errors.ts';

test('neutralizeText: bidi overrides, zero-width characters, controls, mentions and zalgo floods', () => {
  assert.equal(neutralizeText('\u202eمن\u202c هو\u200b\u200b\u200b محافظ\u0000حمص\u2066؟\u2069'), 'من هو محافظ حمص؟');
  assert.equal(neutralizeText('a\tb\nc\r\nd\u0085e'), 'a b c d e');
  assert.equal(neutralizeText('hi <@123> <@!4> <@&5> <#6> <:e:7> <a:e:8> </ask:9> <t:1700000000:R> there'), 'hi there');
  // Arabic diacritics survive (shadda + fatha), a flood of marks is cut to three.
  assert.equal(neutralizeText('مُحَمَّد'), 'مُحَمَّد');
  assert.equal(neutralizeText(`a${'\u0301'.repeat(50)}`), `a${'\u0301'.repeat(3)}`);
});

test("readQuestion: empty, too long and wordless are the core's UserErrors with stable codes, length counted after cleaning", () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return isUserError(error) ? error.code : 'not a UserError';
    }
    return 'no error';
  };
  assert.equal(
    code(() => readQuestion('  \u200b ', 100)),
    ErrorCodes.EmptyQuestion,
  );
  assert.equal(
    code(() => readQuestion(undefined, 100)),
    ErrorCodes.EmptyQuestion,
  );
  assert.equal(
    code(() => readQuestion('x'.repeat(101), 100)),
    ErrorCodes.QuestionTooLong,
  );
  assert.equal(
    code(() => readQuestion('😀 ?! <@123>', 100)),
    ErrorCodes.NoSearchableText,
  );
  assert.equal(readQuestion(`${'\u200b'.repeat(5000)}ok`, 100), 'ok');
  // Emoji count as one character each (198 UTF-16 units here).
  assert.equal(readQuestion(`${'😀'.repeat(98)}ok`, 100), `${'😀'.repeat(98)}ok`);
});

test('stripBotMention removes both mention forms of the bot only', () => {
  assert.equal(stripBotMention('<@42> hi <@!42> <@43>', '42'), '  hi   <@43>');
});

test("language: the question's script decides, hints only for text without letters", () => {
  assert.equal(detectUiLang('من هو محافظ حمص؟'), 'ar');
  assert.equal(detectUiLang('Who is the governor of حمص?'), 'en');
  assert.equal(detectUiLang('2016?'), null);
  assert.equal(chooseUiLang('2016?', null, 'ar'), 'ar');
  assert.equal(chooseUiLang('2016?'), 'en');
  assert.equal(chooseUiLang('محافظ', 'en'), 'ar');
});

test('regression: a mention with an invisible character inside (<@\\u200b123>) is not rebuilt into a live mention', () => {
  // Found by test/text/properties.test.ts: format characters were removed after mention tokens.
  assert.equal(neutralizeText('<@0\u200b>'), '');
  assert.equal(neutralizeText('ask <@&\u200d555> and <#\u202e1200000000000000001> now'), 'ask and now');
});
