/**
 * The stats chart: questions per day (bars) with the share answered confidently and the 👍 rate
 * (lines, on a 0–100% axis), as a PNG. Vega-Lite describes it, Vega lays it out as SVG (no browser,
 * no canvas), resvg rasterizes it.
 *
 * - Legible on Discord's dark and light themes: an opaque light-grey card with dark text, not a
 *   transparent image that takes the theme's colour.
 * - Arabic labels are shaped (joined letters, right-to-left) by resvg, which shapes text with the
 *   fonts it is given and only those: Noto Sans Arabic (SIL Open Font License; it has Latin letters
 *   and digits too), loaded from its npm package, never from the system, so every machine draws the
 *   same image.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Lang } from '../types.ts';
import { share, type StatsFigures } from './figures.ts';

const require = createRequire(import.meta.url);
const FONT_FAMILY = 'Noto Sans Arabic';
const FONT_FILES = [
  require.resolve('@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'),
];

const COLORS = { background: '#f2f3f5', text: '#1e1f22', grid: '#d4d7dc', bars: '#8f9bb3', answered: '#2d7d46', liked: '#c2570c' };
/** Drawn at twice the layout size: crisp in Discord's viewer, which scales it down to the chat's width. */
const SCALE = 2;

const LABELS = {
  en: {
    title: 'Questions per day',
    day: 'day (UTC)',
    questions: 'questions',
    rate: 'share',
    answered: 'answered confidently',
    // The font has no emoji: the 👍 rate is written out.
    liked: 'rated helpful',
  },
  ar: {
    title: 'الأسئلة يومياً',
    day: 'اليوم (UTC)',
    questions: 'عدد الأسئلة',
    rate: 'النسبة',
    answered: 'أجيب بثقة',
    liked: 'قُيّم مفيداً',
  },
};

export interface Chart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

function chartSpec(figures: StatsFigures, lang: Lang): TopLevelSpec {
  const labels = lang === 'ar' ? LABELS.ar : LABELS.en;
  const values = figures.byDay.map((day) => ({
    day: day.day,
    questions: day.questions,
    [labels.answered]: share(day.confident, day.questions),
    [labels.liked]: share(day.up, day.votes),
  }));
  const x = { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: labels.day, axis: { format: '%m-%d', labelAngle: 0 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 760,
    height: 300,
    background: COLORS.background,
    padding: 16,
    // The dates apart from the Arabic title: resvg's bidi would reorder their digit groups within an RTL line.
    title: { text: labels.title, subtitle: `${figures.period.since} – ${figures.period.until}`, color: COLORS.text, subtitleColor: COLORS.text, fontSize: 16 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.bars },
        encoding: { x, y: { field: 'questions', type: 'quantitative', title: labels.questions, axis: { tickMinStep: 1 } } },
      },
      {
        transform: [{ fold: [labels.answered, labels.liked], as: ['series', 'rate'] }],
        mark: { type: 'line', point: true, strokeWidth: 2.5 },
        encoding: {
          // Points in the middle of their day's bar.
          x: { ...x, bandPosition: 0.5 },
          y: { field: 'rate', type: 'quantitative', title: labels.rate, scale: { domain: [0, 1] }, axis: { format: '.0%', orient: 'right', grid: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: [labels.answered, labels.liked], range: [COLORS.answered, COLORS.liked] },
            legend: { orient: 'top', direction: 'horizontal' },
          },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      axis: {
        labelColor: COLORS.text,
        titleColor: COLORS.text,
        gridColor: COLORS.grid,
        domainColor: COLORS.text,
        tickColor: COLORS.text,
        labelFontSize: 12,
        titleFontSize: 13,
      },
      legend: { labelColor: COLORS.text, titleColor: COLORS.text, labelFontSize: 13, labelLimit: 400 },
    },
  };
}

/** The chart of a period's figures, labelled in `lang` (Arabic, or English otherwise). */
export async function renderChart(figures: StatsFigures, lang: Lang): Promise<Chart> {
  const view = new View(parse(compile(chartSpec(figures, lang)).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const rendered = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: SCALE },
  }).render();
  return { svg, png: rendered.asPng(), width: rendered.width, height: rendered.height };
}
