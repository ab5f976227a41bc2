/** The figures as plain text (the report CLI; the bot's /stats reply is built from the same figures). */
import type { Lang } from '../types.ts';
import { share, type Counts, type StatsFigures } from './figures.ts';

const TEXT = {
  en: {
    period: (since: string, until: string, days: number) => `Period: ${since} – ${until} (${days} days, UTC)`,
    summary: 'Questions {q} · answered confidently {c} · rated 👍 {u} of {v} votes',
    byLanguage: 'By language:',
    gaps: 'Coverage gaps (unanswered or rated 👎), by similar wording:',
    noGaps: 'Coverage gaps: none in this period.',
    gapLine: (unanswered: number, downvoted: number, noAnswer: number) =>
      `unanswered ${unanswered}, 👎 ${downvoted}${noAnswer ? ` (“no answer in these articles” ${noAnswer})` : ''}`,
    alsoAsked: 'also:',
    none: '–',
  },
  ar: {
    period: (since: string, until: string, days: number) => `الفترة: ${since} – ${until} (${days} يوماً، بتوقيت UTC)`,
    summary: 'الأسئلة {q} · أجيب بثقة {c} · قُيّم 👍 {u} من {v} تقييماً',
    byLanguage: 'حسب اللغة:',
    gaps: 'ثغرات التغطية (بلا جواب أو قُيّمت 👎)، مجمّعة حسب تشابه الصياغة:',
    noGaps: 'ثغرات التغطية: لا شيء في هذه الفترة.',
    gapLine: (unanswered: number, downvoted: number, noAnswer: number) =>
      `بلا جواب ${unanswered}، 👎 ${downvoted}${noAnswer ? ` («لا جواب في هذه المقالات» ${noAnswer})` : ''}`,
    alsoAsked: 'وأيضاً:',
    none: '–',
  },
};

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function summary(template: string, counts: Counts): string {
  return template
    .replace('{q}', String(counts.questions))
    .replace('{c}', percent(share(counts.confident, counts.questions)))
    .replace('{u}', percent(share(counts.up, counts.votes)))
    .replace('{v}', String(counts.votes));
}

export function formatStatsText(figures: StatsFigures, lang: Lang): string {
  const text = lang === 'ar' ? TEXT.ar : TEXT.en;
  const lines = [text.period(figures.period.since, figures.period.until, figures.period.days), summary(text.summary, figures.total)];
  if (figures.byLanguage.length) {
    lines.push('', text.byLanguage);
    for (const language of figures.byLanguage) lines.push(`  ${language.lang}: ${summary(text.summary, language)}`);
  }
  lines.push('');
  if (!figures.gaps.length) lines.push(text.noGaps);
  else {
    lines.push(text.gaps);
    figures.gaps.forEach((gap, index) => {
      const [first, ...others] = gap.questions;
      lines.push(`  ${index + 1}. ${gap.count}× ${first} — ${text.gapLine(gap.unanswered, gap.downvoted, gap.noAnswer)}`);
      if (others.length) lines.push(`     ${text.alsoAsked} ${others.join(' | ')}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
