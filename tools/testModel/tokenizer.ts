/**
 * A small Unigram tokenizer in the layout of XLM-R's (`tokenizer.json`: NFKC, Metaspace "▁",
 * `<s> … </s>` template; `<s>`=0, `<pad>`=1, `</s>`=2, `<unk>`=3, `<mask>` last), as
 * multilingual-e5-small ships it. Its pieces are every Arabic and ASCII character, alone and after
 * "▁", plus a fixed list of common Arabic and English words and affixes: any text tokenizes (at worst
 * letter by letter), and ordinary news words take a few pieces, as with a learned vocabulary.
 *
 * Nothing is learned from data and nothing is read from disk, so the vocabulary never changes when
 * the corpus does. Scores favour longer pieces, which is what Viterbi needs to prefer them.
 */

const SPECIAL = ['<s>', '<pad>', '</s>', '<unk>'] as const;
const MASK = '<mask>';
const SPACE = '\u2581';

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
}

const CHARACTERS = [
  ...range(0x0621, 0x063a), // hamza … ghain
  ...range(0x0640, 0x0652), // tatweel, faa … sukun (letters and harakat)
  ...range(0x0660, 0x0669), // Arabic-Indic digits
  '\u060c',
  '\u061b',
  '\u061f',
  '\u066a',
  '\u066b',
  '\u066c', // ، ؛ ؟ ٪ ٫ ٬
  ...range(0x21, 0x7e), // printable ASCII
  '«',
  '»',
  '“',
  '”',
  '‘',
  '’',
  '–',
  '—',
  '…',
  '•',
];

const ARABIC_PIECES = `ال وال بال لل فال كال في من على إلى الى عن أن إن أنه التي الذي الذين هذا هذه ذلك تلك كان كانت
  قال وقال قالت وأضاف وأكد حيث بعد قبل خلال بين حتى منذ عند مع أو ثم لم لا ما كما وفي ومن وعلى
  ة ات ون ين ها هم هن نا كم ية ي ه و ب ل ف ك ت ن ا ي
  مدينة محافظ محافظة حمص تدمر حلب دمشق سوريا السورية السوري الجيش قوات القوات تنظيم الدولة الإسلامية داعش
  الحكومة وزارة وزير الوزير رئيس الرئيس مجلس الأمم المتحدة اليوم أمس العام عام يوم شهر سنة الأسبوع
  مصدر المصدر مقتل قتلى جرحى هجوم معارك سيطرة سيطر انسحاب عسكري العسكرية المدينة منطقة المنطقة شرق غرب
  شمال جنوب الأثرية الآثار دبابة أسلحة مواطن المواطنين الشعب البلاد العربية مصر العراق لبنان الأردن السعودية`;

const ENGLISH_PIECES = `query passage the of and to in a is was for on that with by as at from it be are were has have
  who what when where which how many much why did does do city governor army state group said news
  report people year years day government minister president country war attack killed forces control
  s ed ing er ly tion`;

export interface UnigramTokenizerFiles {
  /** tokenizer.json */
  tokenizer: object;
  /** tokenizer_config.json */
  tokenizerConfig: object;
  /** special_tokens_map.json */
  specialTokensMap: object;
  vocabSize: number;
}

/** Higher is likelier; a piece of n characters always beats spelling it out letter by letter. */
function score(piece: string): number {
  const length = [...piece.replace(SPACE, '')].length;
  return -(12 - Math.min(length, 8)) / 2 - (piece.startsWith(SPACE) ? 0 : 0.25);
}

export function unigramTokenizer(): UnigramTokenizerFiles {
  const words = `${ARABIC_PIECES} ${ENGLISH_PIECES}`.split(/\s+/).filter(Boolean);
  const pieces: string[] = [SPACE];
  const seen = new Set<string>(pieces);
  const add = (piece: string) => {
    if (!seen.has(piece)) {
      seen.add(piece);
      pieces.push(piece);
    }
  };
  for (const character of CHARACTERS) add(character);
  for (const character of CHARACTERS) add(SPACE + character);
  for (const word of words) {
    add(word);
    add(SPACE + word);
  }
  const vocab: Array<[string, number]> = [
    ...SPECIAL.map((token): [string, number] => [token, 0]),
    ...pieces.map((piece): [string, number] => [piece, piece === SPACE ? -3 : Number(score(piece).toFixed(4))]),
    [MASK, 0],
  ];
  const id = (token: string) => vocab.findIndex(([piece]) => piece === token);
  const addedToken = (content: string) => ({
    id: id(content),
    content,
    single_word: false,
    lstrip: content === MASK,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...SPECIAL, MASK].map(addedToken),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: SPACE, add_prefix_space: true, prepend_scheme: 'always' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: {
        '<s>': { id: '<s>', ids: [id('<s>')], tokens: ['<s>'] },
        '</s>': { id: '</s>', ids: [id('</s>')], tokens: ['</s>'] },
      },
    },
    decoder: { type: 'Metaspace', replacement: SPACE, add_prefix_space: true, prepend_scheme: 'always' },
    model: { type: 'Unigram', unk_id: id('<unk>'), vocab, byte_fallback: false },
  };
  const tokenizerConfig = {
    bos_token: '<s>',
    clean_up_tokenization_spaces: true,
    cls_token: '<s>',
    eos_token: '</s>',
    mask_token: { __type: 'AddedToken', content: MASK, lstrip: true, normalized: true, rstrip: false, single_word: false },
    model_max_length: 512,
    pad_token: '<pad>',
    sep_token: '</s>',
    sp_model_kwargs: {},
    tokenizer_class: 'XLMRobertaTokenizer',
    unk_token: '<unk>',
  };
  const specialTokensMap = {
    bos_token: '<s>',
    cls_token: '<s>',
    eos_token: '</s>',
    mask_token: MASK,
    pad_token: '<pad>',
    sep_token: '</s>',
    unk_token: '<unk>',
  };
  return { tokenizer, tokenizerConfig, specialTokensMap, vocabSize: vocab.length };
}
