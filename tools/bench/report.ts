/** The human-readable report of `npm run bench` (without --json). */
import type { BenchResult } from './run.ts';

const GOALS = {
  speedup: 4,
  tokensPerSec: 10_000,
  p95: 30,
  p99: 60,
  coldStartMs: 3000,
  rssMB: 1536,
  stallMs: 50,
  incrementalShare: 0.05,
  ratio: 2,
  agreement: 0.95,
};

function mark(ok: boolean): string {
  return ok ? 'ok  ' : 'MISS';
}

export function renderReport(r: BenchResult): string {
  const lines: string[] = [];
  const row = (ok: boolean | null, label: string, value: string) => lines.push(`  ${ok === null ? '    ' : mark(ok)}  ${label.padEnd(34)} ${value}`);
  lines.push(
    `Benchmark: ${r.model}, ${r.cpus} CPUs, ${r.threads} embedding threads (${r.totalSeconds} s in all; load average ${r.loadAverage.start} → ${r.loadAverage.end}${r.loadAverage.start > r.cpus * 0.5 ? ': the machine was busy, figures are depressed' : ''})`,
  );
  lines.push('');
  lines.push(`Embedding ${r.passages} passages of ${r.articles} news articles (${r.avgTokens} tokens on average):`);
  row(null, 'naive (pipeline, batches of 16)', `${r.naivePassagesPerSec} passages/s, ${r.naiveTokensPerSec} tokens/s`);
  row(
    r.speedup >= GOALS.speedup,
    'ours',
    `${r.embedPassagesPerSec} passages/s, ${r.embedTokensPerSec} tokens/s: ${r.speedup}× naive (goal ≥ ${GOALS.speedup}×)`,
  );
  row(
    r.embedTokensPerSec >= GOALS.tokensPerSec,
    'tokens per second',
    `${r.embedTokensPerSec} (goal ≥ ${GOALS.tokensPerSec}); ${r.linearGopsPerCore} int8 GOPS per core in the linear layers, ${Math.round(r.linearShareOfPeak * 100)}% of ONNX Runtime's int8 kernel alone on their shapes (${r.int8PeakGopsPerCore}); ceiling if the model were only those layers at that rate: ${r.tokensPerSecCeiling} tokens/s`,
  );
  row(null, 'full build of those passages', `${r.buildSeconds} s`);
  lines.push('');
  lines.push(
    `Serving ${r.indexPassages} passages of ${r.indexDocuments} articles (${r.indexVectors}; ${r.indexFromCache ? 'cached' : `built in ${r.indexBuildSeconds} s`}):`,
  );
  row(
    r.queryP95ms <= GOALS.p95 && r.queryP99ms <= GOALS.p99,
    'question → answer',
    `p50 ${r.queryP50ms} ms, p95 ${r.queryP95ms} ms, p99 ${r.queryP99ms} ms (goals ${GOALS.p95} / ${GOALS.p99} ms)`,
  );
  row(
    r.coldStartMs <= GOALS.coldStartMs,
    'cold start (process → first answer)',
    `${r.coldStartMs} ms (engine ready at ${r.readyMs} ms; goal ≤ ${GOALS.coldStartMs})`,
  );
  row(r.rssMB <= GOALS.rssMB, 'resident memory', `${r.rssMB} MB (peak ${r.peakRssMB} MB; goal ≤ ${GOALS.rssMB})`);
  lines.push('');
  lines.push('Rebuilds:');
  row(
    r.eventLoopMaxDelayMs <= GOALS.stallMs,
    'event loop during /reindex',
    `max ${r.eventLoopMaxDelayMs} ms, p99 ${r.eventLoopP99DelayMs} ms (goal ≤ ${GOALS.stallMs}); ${r.rebuildPassages} passages in ${r.rebuildSeconds} s, answers p95 ${r.askDuringRebuildP95Ms} ms meanwhile`,
  );
  row(
    r.incrementalReembedded === r.incrementalChangedPassages && r.incrementalShare <= GOALS.incrementalShare,
    'one article of many changed',
    `re-embedded ${r.incrementalReembedded} passages (the article has ${r.incrementalChangedPassages}), graph ${r.incrementalGraphCarried ? 'carried over' : 'built again'}; ${r.incrementalSeconds} s of ${r.incrementalFullBuildSeconds} s = ${(r.incrementalShare * 100).toFixed(1)}% ` +
      `(${r.incrementalArticles} articles, ${r.incrementalPassages} passages, ${r.incrementalModel}); at ${r.model}'s speed ≈ ${(r.incrementalShareAtModelSpeed * 100).toFixed(1)}% (goal ≤ ${GOALS.incrementalShare * 100}%)`,
  );
  row(
    null,
    `the same at ${r.indexPassages} passages`,
    `${r.scaleIncrementalSeconds} s with ${r.model} (${r.scaleIncrementalReembedded} passages embedded, graph ${r.scaleIncrementalGraphCarried ? 'carried over' : 'built again'}, peak RSS ${r.scaleIncrementalPeakRssMB} MB); a full build would embed for ~${r.scaleFullEmbedHoursProjected} h`,
  );
  if (r.langchain) {
    const lc = r.langchain;
    lines.push('');
    lines.push('LangChain.js (HNSWLib + HuggingFaceTransformersEmbeddings), same model and passages:');
    row(lc.buildRatio >= GOALS.ratio, 'build', `theirs ${lc.buildSeconds} s, ours ${r.buildSeconds} s: ${lc.buildRatio}× (goal ≥ ${GOALS.ratio}×)`);
    row(
      lc.queryP95Ratio >= GOALS.ratio,
      'query p95',
      `theirs ${lc.queryP95ms} ms (dense only), ours ${lc.oursQueryP95ms} ms (hybrid + answer): ${lc.queryP95Ratio}× (goal ≥ ${GOALS.ratio}×)`,
    );
    row(
      lc.top10Agreement >= GOALS.agreement,
      'top-10 dense agreement',
      `${(lc.top10Agreement * 100).toFixed(1)}% (ar ${(lc.top10AgreementAr * 100).toFixed(1)}%, en ${(lc.top10AgreementEn * 100).toFixed(1)}%; ${lc.agreementQuestions} xquad-dev questions, ${lc.agreementPassages} passages; goal ≥ ${GOALS.agreement * 100}%)`,
    );
    lines.push(
      `    why: exact top-10s over the two pipelines' vectors agree ${(lc.top10AgreementExact * 100).toFixed(1)}%; HNSW recall@10 ours ${lc.oursHnswRecall10}, LangChain's ${lc.langchainHnswRecall10} ` +
        `(hnswlib's default ef 10); with LangChain's graph searched at our ef: ${(lc.top10AgreementSameEf * 100).toFixed(1)}%`,
    );
  }
  return `${lines.join('\n')}\n`;
}
