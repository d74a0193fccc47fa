// exportTimeline through the core's API (what the UI calls over IPC/HTTP): the project's ranges in the
// saved (reel) order, named by their labels, written as the chosen format next to nothing but itself.
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { serializeTimeline } from '../../../main/core/timeline/formats';
import { timelineSourceFromProbe } from '../../../main/core/timeline/source';
import type { Project } from '../../../preload/contract';
import { openCore } from '../../fixtures/core';
import { makeFrameCodeVideo } from '../../fixtures/frameCodeVideo';

describe('exportTimeline', () => {
  let dir: string;
  let core: Core;
  let project: Project;
  const saved = [
    { id: 'c', start: 15, end: 17.5, label: 'Tom & "Jerry" <3>' },
    { id: 'a', start: 2, end: 4 },
    { id: 'b', start: 8.2, end: 9, label: 'Clutch' },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hl-timeline-api-'));
    const videoPath = join(dir, 'my stream & co.mp4');
    await copyFile(await makeFrameCodeVideo(), videoPath);
    core = await openCore(join(dir, 'library'));
    project = await core.api.openLocal({ videoPath });
    await core.api.saveHighlights({ projectId: project.id, highlights: saved });
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['fcpxml', 'xmeml', 'edl', 'otio', 'mlt', 'kdenlive'] as const)('%s: the saved ranges, in reel order, with their labels', async (format) => {
    const outPath = join(dir, 'out', `..`, `reel.${format}`);
    const result = await core.api.exportTimeline({ projectId: project.id, format, outPath });
    expect(result.outPath).toBe(join(dir, `reel.${format}`));
    const text = await readFile(result.outPath, 'utf8');
    const expected = serializeTimeline(format, {
      source: timelineSourceFromProbe(project.media.path, project.media.probe),
      ranges: saved.map((r) => ({ start: r.start, end: r.end, label: r.label ?? '' })),
      title: project.name,
    });
    expect(text).toBe(expected);
    const label = {
      fcpxml: 'name="Tom &amp; &quot;Jerry&quot; &lt;3&gt;"',
      xmeml: '<name>Tom &amp; "Jerry" &lt;3&gt;</name>',
      edl: '* FROM CLIP NAME: Tom & "Jerry" <3>',
      otio: '"name": "Tom & \\"Jerry\\" <3>"',
      mlt: '<property name="shotcut:caption">Tom &amp; "Jerry" &lt;3&gt;</property>',
      kdenlive: '<property name="kdenlive:clipname">Tom &amp; "Jerry" &lt;3&gt;</property>',
    }[format];
    expect(text).toContain(label);
    // Reel order: the label of the first saved range comes before the unnamed second one.
    expect(text.indexOf('Tom &')).toBeLessThan(text.indexOf('Highlight 2'));
    expect(text).toContain('Highlight 2');
    expect((await readdir(dir)).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('validates its arguments and refuses a project without ranges', async () => {
    await expect(core.api.exportTimeline({ projectId: project.id, format: 'aaf' as 'edl', outPath: join(dir, 'x.aaf') })).rejects.toMatchObject({
      code: 'BAD_ARGUMENTS',
    });
    await expect(core.api.exportTimeline({ projectId: 999, format: 'edl', outPath: join(dir, 'x.edl') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await core.api.saveHighlights({ projectId: project.id, highlights: [] });
    await expect(core.api.exportTimeline({ projectId: project.id, format: 'edl', outPath: join(dir, 'x.edl') })).rejects.toMatchObject({
      code: 'NO_HIGHLIGHTS',
    });
    expect((await readdir(dir)).filter((n) => n.startsWith('x.'))).toEqual([]);
  });
});
