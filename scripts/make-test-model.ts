/**
 * `npm run make-test-model [-- FOLDER]`: (re)writes the tests' tiny random-weight model into
 * test/fixtures/models/tiny-xlmr-test (or FOLDER). Deterministic: the committed copy is what this
 * writes, and test/tools/testModel.test.ts fails if they ever differ.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_MODEL_DIR, TEST_MODEL_ID, writeTestModel } from '../tools/testModel/writeTestModel.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const folder = path.resolve(process.argv[2] ?? path.join(root, TEST_MODEL_DIR, TEST_MODEL_ID));
await writeTestModel(folder);
process.stdout.write(`wrote ${path.relative(process.cwd(), folder) || '.'}\n`);
