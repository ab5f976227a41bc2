/**
 * Every stopword list, one per purpose, each with its reason: the words a step drops depend on
 * what that step does with the rest.
 *   ARABIC_STOPWORDS, ENGLISH_STOPWORDS   the lexical analyzer (index terms, both languages)
 *   TRANSLATION_STOPWORDS                 English words a question is translated without
 *   GLOSS_EDGE_WORDS                      Arabic function words trimmed from dictionary glosses
 *
 * The analyzer's Arabic entries are written in NORMALIZED form (normalizeArabic: أ/إ/آ → ا, ى → ي,
 * ة → ه), because the analyzer drops stopwords after normalization. Consequence, accepted: علي is
 * both «على» and the name Ali, and is dropped.
 */

/**
 * Function words (prepositions, pronouns, demonstratives, relatives, particles, auxiliaries), plus
 * question words typed as one (ماهو، ماهي) and the article ال standing alone (a typing or
 * extraction slip: never a word of its own).
 */
const ARABIC_BASE = `
في من الي علي عن مع حتي منذ مذ لدي لدن عند بين خلال حول نحو ضد دون بدون تحت فوق امام خلف وراء
عبر قبل بعد اثناء ازاء ضمن سوي وفق وفقا حسب بحسب تجاه
له لها لهم لهما لهن لنا لك لكم لي به بها بهم بهما بنا بك فيه فيها فيهم فيهما منه منها منهم منهما
عنه عنها عنهم عليه عليها عليهم عليهما الينا اليه اليها اليهم معه معها معهم معنا لديه لديها لديهم
بينهم بينهما عندها عنده عندهم
انا نحن انت انتم انتما انتن هو هي هم هما هن اياه اياها اياهم
هذا هذه هذان هاتان هذين هاتين هؤلاء ذلك تلك ذاك اولئك ذلكم تلكم هنا هناك هنالك هكذا كذلك لذلك لذا بذلك
الذي التي الذين اللذان اللتان اللذين اللتين اللاتي اللواتي اللائي
ما ماذا متي اين كيف لماذا كم هل اي ايه ايا ايها
ان انه انها انهم انما لان لانه لانها لانهم كان كانت كانوا كنت كنا يكون تكون يكونوا تكونوا سيكون ستكون
ليس ليست ليسوا لست لسنا صار صارت اصبح اصبحت ظل ظلت مازال مازالت زال لازال يزال تزال مايزال
قد لقد سوف تم يتم سيتم تمت
لا لم لن لما الا غير بل لكن لكنه لكنها ثم او ام اما كما حيث اذ اذا اذن لو لولا كي لكي
عندما بينما حين حينما كلما طالما مما ممن عما فيما بما كيفما ايضا فقط جدا الان
كل كلا كلتا بعض جميع نفس ذات اخري اخر
يا ها
ماهو ماهي مالذي ال
`;

/**
 * و/ف + word forms that are ordinary content words in news (ولي العهد, فهم, فلم, والي الولاية):
 * never generated as prefixed stopwords.
 */
const PREFIX_EXCEPTIONS = new Set(['ولي', 'فهم', 'فلم', 'والي']);

function buildArabicStopwords(): Set<string> {
  const base = ARABIC_BASE.split(/\s+/).filter((word) => word.length > 0);
  const words = new Set(base);
  for (const word of base) {
    if (word.length < 2) continue;
    for (const prefix of ['و', 'ف']) {
      const prefixed = prefix + word;
      if (!PREFIX_EXCEPTIONS.has(prefixed)) words.add(prefixed);
    }
  }
  return words;
}

/** The analyzer's Arabic stopwords: the list above, with و and ف prefixed (normalized spelling). */
export const ARABIC_STOPWORDS: ReadonlySet<string> = buildArabicStopwords();

/** The analyzer's English stopwords, for English words in articles and questions. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then else of to in on at by for with from into onto about as is are was were be been
being am do does did doing have has had having i me my we our ours you your yours he him his she her hers it its
they them their theirs this that these those there here who whom whose which what when where why how all any
both each few more most other some such no nor not only own same so than too very can will just should would
could may might must shall s t don doesn didn isn aren wasn weren won also up down out over under again further
once after before during while until between through above below off because via per`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/**
 * English function and question words a question is translated without (crosslingual/translate.ts):
 * every word kept becomes a group of dictionary translations, and the translations of these are
 * noise. Apart from ENGLISH_STOPWORDS because a word dropped here loses a whole group of
 * translations, and there one index term; each list moves its own step's figures. This one also
 * drops more prepositions and conjunctions, reflexive pronouns, one(s), much, many, get, yes and
 * contraction pieces, and keeps the negated contractions and up, down, out, off.
 */
export const TRANSLATION_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the of in on at to for from by with without about as into onto upon over under between among ' +
    'through throughout during before after above below across along around against toward towards ' +
    'within beyond via per than then and or but nor so yet if because while although though whether ' +
    'unless until since once what whatever which who whom whose when where why how ' +
    'is am are was were be been being do does did done doing have has had having ' +
    'will would shall should can could may might must ought ' +
    'it its itself he him his himself she her hers herself they them their theirs themselves ' +
    'we us our ours ourselves you your yours yourself i me my mine myself one ones ' +
    'this that these those there here some any each every all both either neither such same ' +
    'other others another own not no yes also just only very too much many more most ' +
    'get got gets getting s t d ll ve re m'
  ).split(' '),
);

/**
 * Standalone Arabic function words that dictionary glosses carry at their edges («يتخلى عن»),
 * trimmed so a gloss matches news text (crosslingual/translate.ts). As the dictionary writes them:
 * not normalized, hamza forms and both spellings of إلى/الى included.
 */
export const GLOSS_EDGE_WORDS: ReadonlySet<string> = new Set([
  'من',
  'في',
  'على',
  'عن',
  'إلى',
  'الى',
  'مع',
  'أو',
  'او',
  'و',
  'ما',
  'لا',
  'أن',
  'ان',
  'إن',
  'الذي',
  'التي',
  'قد',
  'كل',
  'ال',
  'الـ',
  'ذو',
  'ذات',
  'بشكل',
  'بصورة',
]);
