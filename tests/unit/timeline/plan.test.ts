import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeTimeline, timelineFormat, timelineFormats } from '../../../main/core/timeline/formats';
import { planTimeline } from '../../../main/core/timeline/plan';
import { timelineSourceFromProbe } from '../../../main/core/timeline/source';
import { writeTimeline } from '../../../main/core/timeline/writeTimeline';
import { escapeAttr, escapeText, fileUrl } from '../../../main/core/timeline/xml';
import type { Probe } from '../../../preload/contract';
import { ntscStereo } from './cases';

const withRanges = (ranges: { start: number; end: number; label?: string }[]) => ({ ...ntscStereo, ranges });

describe('planTimeline', () => {
  it('snaps every range to source frames with one rule and lays them end to end in the given order', () => {
    const plan = planTimeline(ntscStereo);
    expect(plan.clips.map((c) => [c.srcIn, c.srcOut, c.recIn, c.recOut])).toEqual([
      [22607, 23703, 0, 1096], // 754.321 s × 30000/1001 = 22607.02; 790.9 s = 23703.30
      [375, 1199, 1096, 1920], // 12.5 s = 374.63; 40 s = 1198.80
      [107892, 108797, 1920, 2825], // 3599.99 s = 107891.81; 3630.2 s = 108797.20
    ]);
    expect(plan.durationFrames).toBe(2825);
    expect(plan.source.frames).toBe(161_840); // 5400.054 s = 161839.78
    expect(plan.dropFrame).toBe(true);
  });

  it('names unlabelled ranges "Highlight N" (N in reel order) and makes labels one line', () => {
    const plan = planTimeline(withRanges([{ start: 1, end: 2, label: '  ' }, { start: 3, end: 4, label: 'a\n\tb' }, { start: 5, end: 6 }]));
    expect(plan.clips.map((c) => c.name)).toEqual(['Highlight 1', 'a b', 'Highlight 3']);
  });

  it('clamps an end a hair past the source and refuses ranges outside it or shorter than a frame', () => {
    expect(planTimeline(withRanges([{ start: 5399, end: 5400.0545 }])).clips[0]!.srcOut).toBe(161_840);
    expect(() => planTimeline(withRanges([{ start: 5399, end: 5401 }]))).toThrow(/outside the video/);
    expect(() => planTimeline(withRanges([{ start: -1, end: 2 }]))).toThrow(/outside the video/);
    expect(() => planTimeline(withRanges([{ start: 10, end: 10.01 }]))).toThrow(/shorter than one frame/);
    expect(() => planTimeline(withRanges([{ start: 10, end: Number.NaN }]))).toThrow(/invalid time/);
    expect(() => planTimeline(withRanges([]))).toThrow(/no ranges/);
  });

  it('needs an absolute path, a size and a duration', () => {
    expect(() => planTimeline({ ...ntscStereo, source: { ...ntscStereo.source, path: 'video.mp4' } })).toThrow(/absolute path/);
    expect(() => planTimeline({ ...ntscStereo, source: { ...ntscStereo.source, width: 0 } })).toThrow(/picture size/);
    expect(() => planTimeline({ ...ntscStereo, source: { ...ntscStereo.source, durationSec: 0 } })).toThrow(/duration/);
    expect(planTimeline({ ...ntscStereo, source: { ...ntscStereo.source, path: 'C:\\Videos\\a b.mp4' } }).source.name).toBe('a b.mp4');
  });

  it('falls back to 48 kHz stereo when a source with audio does not say', () => {
    const plan = planTimeline({ ...ntscStereo, source: { ...ntscStereo.source, audioSampleRate: undefined, audioChannels: 0 } });
    expect([plan.source.sampleRate, plan.source.channels]).toEqual([48000, 2]);
  });
});

describe('timelineSourceFromProbe', () => {
  const probe: Probe = {
    durationSec: 60.06,
    sizeBytes: 1,
    formatName: 'mov,mp4',
    video: { codec: 'h264', width: 1920, height: 1080, fps: 29.97, keyframeIntervalSec: 2 },
    audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
  };

  it('turns probe.ts output into an exact source', () => {
    expect(timelineSourceFromProbe('/v/a.mp4', probe)).toEqual({
      path: '/v/a.mp4',
      durationSec: 60.06,
      width: 1920,
      height: 1080,
      fps: { num: 30000, den: 1001 },
      hasAudio: true,
      audioSampleRate: 48000,
      audioChannels: 2,
    });
    expect(timelineSourceFromProbe('/v/a.mp4', { ...probe, audio: null }).hasAudio).toBe(false);
    expect(() => timelineSourceFromProbe('/v/a.mp3', { ...probe, video: null })).toThrow(/no video stream/);
  });
});

describe('escaping', () => {
  it('escapes XML text and attributes (and drops characters XML cannot carry)', () => {
    expect(escapeText('Tom & "Jerry" <3>')).toBe('Tom &amp; "Jerry" &lt;3&gt;');
    expect(escapeAttr(`a"b'c<d>&e\nf`)).toBe('a&quot;b&apos;c&lt;d&gt;&amp;e&#10;f');
    expect(escapeText('bell\u0007 \uD800 ok')).toBe('bell\uFFFD \uFFFD ok');
  });

  it('percent-encodes file URLs, everything but unreserved characters', () => {
    expect(fileUrl('/media/My Videos/a&b #1 (x)%.mp4')).toBe('file:///media/My%20Videos/a%26b%20%231%20%28x%29%25.mp4');
    expect(fileUrl('/home/me/Vidéos/ü.mkv')).toBe('file:///home/me/Vid%C3%A9os/%C3%BC.mkv');
    expect(fileUrl('C:\\Users\\me\\clip 1.mp4')).toBe('file:///C:/Users/me/clip%201.mp4');
    expect(fileUrl('/a/b.mp4', 'localhost')).toBe('file://localhost/a/b.mp4');
    expect(() => fileUrl('relative.mp4')).toThrow();
  });

  it('keeps a label with every special character intact in every format', () => {
    const label = `<&>"' \\ ; # % ?`;
    const input = withRanges([{ start: 1, end: 2, label }]);
    const xml = serializeTimeline('fcpxml', input);
    expect(xml).toContain('name="&lt;&amp;&gt;&quot;&apos; \\ ; # % ?"');
    expect(JSON.parse(serializeTimeline('otio', input)).tracks.children[0].children[0].name).toBe(label);
    expect(serializeTimeline('edl', input)).toContain(`* FROM CLIP NAME: ${label}\n`);
  });
});

describe('registry', () => {
  it('offers the six formats in the contract order, and names the valid ones for an unknown one', () => {
    expect(timelineFormats.map((f) => f.name)).toEqual(['fcpxml', 'xmeml', 'edl', 'otio', 'mlt', 'kdenlive']);
    expect(() => timelineFormat('aaf')).toThrow('Unknown timeline format "aaf": use fcpxml, xmeml, edl, otio, mlt or kdenlive.');
  });

  it('refuses a rate an integer timebase cannot say in xmeml and EDL, and writes it elsewhere', () => {
    const odd = { ...ntscStereo, source: { ...ntscStereo.source, fps: { num: 25, den: 2 } } };
    expect(() => serializeTimeline('xmeml', odd)).toThrow(/12.5 fps/);
    expect(() => serializeTimeline('edl', odd)).toThrow(/12.5 fps/);
    expect(serializeTimeline('fcpxml', odd)).toContain('frameDuration="2/25s"');
    expect(serializeTimeline('mlt', odd)).toContain('frame_rate_num="25" frame_rate_den="2"');
  });
});

describe('writeTimeline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hl-timeline-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the file whole and leaves no temporary file', async () => {
    const out = join(dir, 'cut.fcpxml');
    await writeFile(out, 'old');
    const written = await writeTimeline('fcpxml', ntscStereo, out);
    expect(written).toMatchObject({ outPath: out, format: 'fcpxml', ranges: 3 });
    expect(await readFile(out, 'utf8')).toBe(serializeTimeline('fcpxml', ntscStereo));
    expect(await readdir(dir)).toEqual(['cut.fcpxml']);
  });

  it('touches nothing when the timeline cannot be written', async () => {
    const out = join(dir, 'bad.xml');
    const odd = { ...ntscStereo, source: { ...ntscStereo.source, fps: { num: 25, den: 2 } } };
    await expect(writeTimeline('xmeml', odd, out)).rejects.toThrow(/12.5 fps/);
    await expect(writeTimeline('edl', ntscStereo, join(dir, 'missing', 'a.edl'))).rejects.toThrow(/does not exist/);
    await mkdir(join(dir, 'folder.edl'));
    await expect(writeTimeline('edl', ntscStereo, join(dir, 'folder.edl'))).rejects.toThrow(/is a folder/);
    await expect(writeTimeline('edl', ntscStereo, ntscStereo.source.path)).rejects.toThrow(/overwrite the source/);
    expect((await readdir(dir)).sort()).toEqual(['cut.fcpxml', 'folder.edl']);
  });
});
