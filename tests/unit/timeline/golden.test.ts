// Every format's exact output for the fixed inputs of cases.ts, compared byte for byte with the files in
// tests/fixtures/golden/timeline/. After an intended change, regenerate them with
//   UPDATE_GOLDEN=1 npx vitest run tests/unit/timeline/golden.test.ts
// and review the diff; without UPDATE_GOLDEN any difference (or a missing file) fails.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serializeTimeline, timelineFormats } from '../../../main/core/timeline/formats';
import { goldenCases } from './cases';

const GOLDEN_DIR = fileURLToPath(new URL('../../fixtures/golden/timeline/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

describe.each(Object.entries(goldenCases))('%s', (caseName, input) => {
  it.each(timelineFormats.map((f) => [f.name, f] as const))('%s matches its golden file', (_name, format) => {
    const text = serializeTimeline(format.name, input);
    const file = `${GOLDEN_DIR}${caseName}.${format.extension}`;
    if (update) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, text);
      return;
    }
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

it('each format writes its own file extension (so the golden names cannot collide)', () => {
  const extensions = timelineFormats.map((f) => f.extension);
  expect(new Set(extensions).size).toBe(extensions.length);
});
