import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listCompleteSegments, segmentTempName } from '../../../main/core/twitch/segmentFiles';

it('listCompleteSegments reads a real folder; a missing folder holds nothing', async () => {
  const segments = [0, 1, 2, 3].map((index) => ({ index, uri: `${index}.ts` }));
  const dir = await mkdtemp(join(tmpdir(), 'hl-segfiles-'));
  try {
    await writeFile(join(dir, '000001.ts'), 'x');
    await writeFile(join(dir, segmentTempName('000003.ts')), 'x');
    expect([...(await listCompleteSegments(segments, dir))]).toEqual([1]);
    expect((await listCompleteSegments(segments, join(dir, 'nope'))).size).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
