import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { findOnPath, locateFfmpeg, requireFfmpeg, unpackedAsarPath } from '../../../main/core/media/ffmpegPaths';

// Fake tools in temp folders: the lookup only checks that files exist and are executable.
const root = mkdtempSync(join(tmpdir(), 'hl-ffpaths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tool(dir: string, name: string, executable = true): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

const both = { ffmpeg: tool('both', 'ffmpeg'), ffprobe: tool('both', 'ffprobe') };
const onlyFfmpeg = tool('only-ffmpeg', 'ffmpeg');
const probeElsewhere = tool('probe-elsewhere', 'ffprobe');
const notExecutable = tool('not-executable', 'ffmpeg', false);
mkdirSync(join(root, 'empty'));
const dirs = (...names: string[]) => names.map((n) => join(root, n)).join(':');

describe('locateFfmpeg', () => {
  it('finds both tools on PATH, first entry first', () => {
    expect(locateFfmpeg({ PATH: dirs('empty', 'both', 'only-ffmpeg') }, 'linux')).toEqual({
      ffmpegPath: both.ffmpeg,
      ffprobePath: both.ffprobe,
      source: 'path',
      message: null,
    });
  });

  it('honours HIGHLIGHTER_FFMPEG and HIGHLIGHTER_FFPROBE over PATH', () => {
    const found = locateFfmpeg({ PATH: dirs('both'), HIGHLIGHTER_FFMPEG: onlyFfmpeg, HIGHLIGHTER_FFPROBE: probeElsewhere }, 'linux');
    expect(found).toEqual({ ffmpegPath: onlyFfmpeg, ffprobePath: probeElsewhere, source: 'env', message: null });
  });

  it('takes ffprobe from beside an overridden ffmpeg before PATH', () => {
    const found = locateFfmpeg({ PATH: dirs('probe-elsewhere'), HIGHLIGHTER_FFMPEG: both.ffmpeg }, 'linux');
    expect(found.ffprobePath).toBe(both.ffprobe);
  });

  it('falls back to PATH for ffprobe when it is not beside ffmpeg', () => {
    const found = locateFfmpeg({ PATH: dirs('probe-elsewhere'), HIGHLIGHTER_FFMPEG: onlyFfmpeg }, 'linux');
    expect(found).toMatchObject({ ffmpegPath: onlyFfmpeg, ffprobePath: probeElsewhere, message: null });
  });

  it('reports a bogus override instead of silently using another ffmpeg', () => {
    const found = locateFfmpeg({ PATH: dirs('both'), HIGHLIGHTER_FFMPEG: join(root, 'nope', 'ffmpeg') }, 'linux');
    expect(found.ffmpegPath).toBeNull();
    expect(found.source).toBeNull();
    expect(found.message).toContain(`HIGHLIGHTER_FFMPEG points to "${join(root, 'nope', 'ffmpeg')}"`);
  });

  it('says what is missing and how to fix it when nothing is found', () => {
    const found = locateFfmpeg({ PATH: '' }, 'linux');
    expect(found).toMatchObject({ ffmpegPath: null, ffprobePath: null, source: null });
    expect(found.message).toMatch(/^ffmpeg and ffprobe were not found\. Install ffmpeg .* HIGHLIGHTER_FFMPEG and HIGHLIGHTER_FFPROBE/);
    expect(found.message).not.toContain('\n');
    expect(locateFfmpeg({ PATH: dirs('only-ffmpeg') }, 'linux').message).toMatch(/^ffprobe was not found\./);
  });

  it('skips files that are not executable', () => {
    expect(locateFfmpeg({ PATH: dirs('not-executable') }, 'linux').ffmpegPath).toBeNull();
    expect(locateFfmpeg({ HIGHLIGHTER_FFMPEG: notExecutable, PATH: '' }, 'linux').message).toContain('not an executable file');
  });

  it('never uses the current folder for an empty PATH entry', () => {
    expect(findOnPath('ffmpeg', { PATH: `:${dirs('empty')}:` }, 'linux')).toBeNull();
  });
});

describe('requireFfmpeg', () => {
  it('returns both paths', () => {
    expect(requireFfmpeg({ PATH: dirs('both') })).toEqual({ ffmpegPath: both.ffmpeg, ffprobePath: both.ffprobe });
  });

  it('throws FFMPEG_MISSING with the one-line fix', () => {
    try {
      requireFfmpeg({ PATH: '', HIGHLIGHTER_FFMPEG: '/bogus/ffmpeg' });
      throw new Error('expected FFMPEG_MISSING');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FFMPEG_MISSING');
      expect((error as AppError).message).toMatch(/\/bogus\/ffmpeg.*Install ffmpeg/);
    }
  });
});

describe('Windows rules', () => {
  const win = { ffmpeg: tool('win', 'ffmpeg.exe'), ffprobe: tool('win', 'ffprobe.exe') };

  it('finds .exe files through a case-insensitive Path variable and ; separators', () => {
    expect(locateFfmpeg({ Path: `${join(root, 'empty')};"${join(root, 'win')}"` }, 'win32')).toMatchObject({
      ffmpegPath: win.ffmpeg,
      ffprobePath: win.ffprobe,
      source: 'path',
    });
  });

  it('tries PATHEXT extensions', () => {
    const cmd = tool('win-cmd', 'ffmpeg.CMD');
    expect(findOnPath('ffmpeg', { PATH: join(root, 'win-cmd'), PATHEXT: '.COM;.CMD' }, 'win32')).toBe(cmd);
  });
});

describe('unpackedAsarPath', () => {
  it('points binaries inside app.asar at the unpacked copy', () => {
    expect(unpackedAsarPath('/opt/Highlighter/resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/opt/Highlighter/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
    expect(unpackedAsarPath('C:\\App\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe(
      'C:\\App\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
    expect(unpackedAsarPath('/usr/lib/node_modules/ffmpeg-static/ffmpeg')).toBe('/usr/lib/node_modules/ffmpeg-static/ffmpeg');
    expect(unpackedAsarPath('/x/app.asar.unpacked/ffmpeg')).toBe('/x/app.asar.unpacked/ffmpeg');
  });
});
