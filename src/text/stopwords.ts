/**
 * Stopword lists for the lexical analyzer. Arabic entries are written in NORMALIZED form
 * (normalizeArabic: أ/إ/آ → ا, ى → ي, ة → ه), because the analyzer drops stopwords after
 * normalization. Consequence, accepted: علي is both «على» and the name Ali, and is dropped.
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

export const ARABIC_STOPWORDS: ReadonlySet<string> = buildArabicStopwords();

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
