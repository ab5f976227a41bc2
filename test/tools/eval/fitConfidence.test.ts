import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIDENCE_FEATURES, confidenceScore } from '../../../src/answer/confidence.ts';
import { chooseThreshold, fitSignConstrained, groupDecisions, readConfidenceDump, toModel, type ConfidenceRow } from '../../../tools/eval/fitConfidence.ts';

const at = (name: (typeof CONFIDENCE_FEATURES)[number]) => CONFIDENCE_FEATURES.indexOf(name);

/** Rows whose coverage separates answerable from not, with noise in the others; `misleading` rises with unanswerability. */
function rows(group: string, answerable: boolean, count: number, seed: number): ConfidenceRow[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, () => {
    const features = CONFIDENCE_FEATURES.map(() => random());
    features[at('coverage')] = answerable ? 0.6 + 0.4 * random() : 0.5 * random();
    // A feature that, on this data, would take the wrong sign: more of the question found, less confident.
    features[at('window')] = answerable ? 0.3 * random() : 0.5 + 0.5 * random();
    return { group, half: 'tune', answerable, features };
  });
}

const data = [...rows('a', true, 200, 1), ...rows('b', false, 60, 2), ...rows('c', false, 300, 3)];

test('the fit separates answerable from unanswerable questions on what generalizes, holding each weight to its expected sign', () => {
  const beta = fitSignConstrained(data, 0.001);
  assert.ok(beta[at('coverage') + 1]! > 1, `coverage weight ${beta[at('coverage') + 1]}`);
  assert.equal(beta[at('window') + 1], 0, 'a weight of the wrong sign is dropped, not learned');
  const model = toModel(beta, 0.5);
  const decisions = groupDecisions(data, model);
  for (const decision of decisions) {
    if (decision.answerable) assert.ok(decision.abstain < 0.1, `${decision.group} abstains ${decision.abstain}`);
    else assert.ok(decision.abstain > 0.9, `${decision.group} abstains ${decision.abstain}`);
  }
});

test('each group weighs the same: a large unanswerable set does not push every answer into abstention', () => {
  const beta = fitSignConstrained(data, 0.001);
  const model = toModel(beta, 0.5);
  const answerable = data.filter((row) => row.answerable);
  const scores = answerable.map((row) => confidenceScore(row.features, model));
  assert.ok(scores.filter((score) => score >= 0.5).length / scores.length > 0.9);
});

test('the threshold is the highest that keeps answerable abstention within the limit', () => {
  const beta = fitSignConstrained(data, 0.001);
  const threshold = chooseThreshold(data, beta, 0.05);
  const decisions = groupDecisions(data, toModel(beta, threshold));
  assert.ok(decisions.find((d) => d.answerable)!.abstain <= 0.05);
  const higher = groupDecisions(data, toModel(beta, threshold + 0.01));
  assert.ok(higher.find((d) => d.answerable)!.abstain > 0.05);
});

test('a dump names its features; one of other features is refused', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'confidence-'));
  const file = path.join(folder, 'conf-arcd.jsonl');
  const line = { id: '1', set: 'sets/offtopic', half: 'tune', lang: 'ar', answerable: false, right: false, features: CONFIDENCE_FEATURES.map(() => 0.5) };
  writeFileSync(file, `${JSON.stringify({ features: CONFIDENCE_FEATURES })}\n${JSON.stringify(line)}\n`);
  assert.deepEqual(readConfidenceDump(file), [{ group: 'sets/offtopic@conf-arcd', half: 'tune', answerable: false, features: line.features }]);
  writeFileSync(file, `${JSON.stringify({ features: ['coverage'] })}\n${JSON.stringify(line)}\n`);
  assert.throws(() => readConfidenceDump(file), /not today's/);
});
