import { describe, expect, it } from 'vitest';
import { ExportSpecSchema, type ExportPlan } from '../../../preload/contract';
import { chapterRemuxArgs, checkSpec, exportOutputs, needsRender } from '../../../main/core/export/dispatch';

const spec = (input: Record<string, unknown> = {}) => ExportSpecSchema.parse(input);

describe('needsRender', () => {
  it('is false for a plain cut and true for anything that re-renders the frames or the sound', () => {
    expect(needsRender(spec())).toBe(false);
    expect(needsRender(spec({ chapters: true, sideFiles: true, mode: 'fast', layout: 'clips' }))).toBe(false);
    expect(needsRender(spec({ vertical: { kind: 'blur' } }))).toBe(true);
    expect(needsRender(spec({ preset: '720p' }))).toBe(true);
    expect(needsRender(spec({ crossfadeSec: 0.5 }))).toBe(true);
    expect(needsRender(spec({ loudnorm: true }))).toBe(true);
  });
});

describe('checkSpec', () => {
  const refused = (input: Record<string, unknown>, out = '/o/reel.mp4', source?: string) => {
    try {
      checkSpec(spec(input), out, source);
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message };
    }
    return null;
  };

  it('accepts what this version does', () => {
    expect(refused({})).toBeNull();
    expect(refused({ chapters: true, sideFiles: true }, '/o/reel.mkv', '/v/in.mp4')).toBeNull();
    expect(refused({ layout: 'clips', sideFiles: true })).toBeNull();
    expect(refused({ mode: 'fast', quality: 30 })).toBeNull();
  });

  it('accepts the renderer’s options (and their quality), and refuses a quality with nothing to re-encode it for', () => {
    expect(refused({ vertical: { kind: 'blur' } })).toBeNull();
    expect(refused({ preset: '1080p', quality: 18 })).toBeNull();
    expect(refused({ crossfadeSec: 1, loudnorm: true })).toBeNull();
    expect(refused({ quality: 18 })?.message).toMatch(/quality.*is not available yet/);
  });

  it('refuses chapters on separate clips, an unknown container and overwriting the source', () => {
    expect(refused({ layout: 'clips', chapters: true })?.message).toMatch(/Chapters are for a reel/);
    expect(refused({}, '/o/reel.avi')?.code).toBe('BAD_ARGUMENTS');
    expect(refused({}, '/v/in.mp4', '/v/in.mp4')?.message).toMatch(/overwrite the source/);
    expect(refused({ sideFiles: true }, '/v/in.mp4', '/v/in.csv')?.message).toMatch(/beside the reel would overwrite the source/);
  });
});

describe('exportOutputs', () => {
  const plan: ExportPlan = {
    mode: 'accurate',
    durationSec: 4,
    ranges: [
      { start: 0, end: 2, cutStart: 0, cutEnd: 2 },
      { start: 5, end: 7, cutStart: 5, cutEnd: 7 },
    ],
  };

  it('lists the reel or the clips (named by label) and the side files asked for', () => {
    expect(exportOutputs(spec(), plan, '/o/r.mp4')).toEqual({ videos: ['/o/r.mp4'], sideFiles: [] });
    expect(exportOutputs(spec({ chapters: true, sideFiles: true }), plan, '/o/r.mp4')).toEqual({
      videos: ['/o/r.mp4'],
      sideFiles: ['/o/r.chapters.txt', '/o/r.csv', '/o/r.json'],
    });
    expect(exportOutputs(spec({ layout: 'clips', sideFiles: true }), plan, '/o/r.mp4', [{ label: 'Win', tags: [] }, { label: '', tags: ['x'] }])).toEqual({
      videos: ['/o/r-01-win.mp4', '/o/r-02.mp4'],
      sideFiles: ['/o/r.csv', '/o/r.json'],
    });
  });
});

describe('chapterRemuxArgs', () => {
  it('is one stream copy taking the chapters and tags from the metadata file', () => {
    const args = chapterRemuxArgs('/w/reel.mp4', '/w/meta', '/w/out.mp4', 'mp4');
    expect(args.join(' ')).toContain('-i /w/reel.mp4 -f ffmetadata -i /w/meta -map 0 -map_metadata 1 -map_chapters 1 -c copy -movflags +faststart -f mp4 /w/out.mp4');
    expect(chapterRemuxArgs('/w/r.mkv', '/w/m', '/w/o.mkv', 'matroska')).not.toContain('-movflags');
  });
});
