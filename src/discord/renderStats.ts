/**
 * /stats as a Discord message: the figures as text (the same wording as the report CLI,
 * stats/format.ts) and the chart as an attached PNG, which Discord shows under the text. Users'
 * questions (the coverage gaps) are escaped, kept on one line, and isolated so that an Arabic
 * question does not reorder an English line around it; coverage gaps are left out from the last
 * until the text fits one message.
 */
import { formatStatsText } from '../stats/format.ts';
import type { StatsReport } from '../stats/report.ts';
import { escapeMarkdown, isolate, LIMITS, truncate } from './format.ts';
import { t, type UiLang } from './i18n.ts';
import type { OutgoingMessage } from './render.ts';

export const STATS_CHART_FILE = 'stats.png';
/** Longest question shown in a coverage gap. */
const GAP_QUESTION_CHARS = 90;

function shownQuestion(question: string): string {
  return isolate(escapeMarkdown(truncate(question.replace(/\s+/g, ' ').trim(), GAP_QUESTION_CHARS)));
}

export function renderStats(report: StatsReport, lang: UiLang): OutgoingMessage {
  const figures = { ...report.figures, gaps: report.figures.gaps.map((gap) => ({ ...gap, questions: gap.questions.map(shownQuestion) })) };
  const files = [{ name: STATS_CHART_FILE, data: report.png }];
  let content = '';
  for (let gaps = figures.gaps.length; gaps >= 0; gaps--) {
    content = `**${t(lang).statsTitle}**\n${formatStatsText({ ...figures, gaps: figures.gaps.slice(0, gaps) }, lang).trimEnd()}`;
    if (content.length <= LIMITS.content) break;
  }
  return { content: truncate(content, LIMITS.content), embeds: [], components: [], files };
}
