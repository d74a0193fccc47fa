// The structural check of downloaded fMP4 files: box headers read right, and each kind of damage named.
import { describe, expect, it } from 'vitest';
import { fmp4FileProblem, parseBoxHeader, type BoxScan } from '../../../main/core/twitch/fmp4Boxes';
import { INIT_FILE_NAME, isTempName, segmentTempName } from '../../../main/core/twitch/segmentFiles';

function header(type: string, size: number, large = false): Uint8Array {
  const bytes = new Uint8Array(large ? 16 : 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, large ? 1 : size);
  for (let i = 0; i < 4; i++) bytes[4 + i] = type.charCodeAt(i);
  if (large) view.setBigUint64(8, BigInt(size));
  return bytes;
}

const scan = (boxes: [string, number][], extra: Partial<BoxScan> = {}): BoxScan => {
  const size = boxes.reduce((sum, [, s]) => sum + s, 0);
  return { boxes: boxes.map(([type, s]) => ({ type, size: s })), fileSize: size, end: size, garbage: false, ...extra };
};

describe('parseBoxHeader', () => {
  it('reads 32-bit, 64-bit and to-the-end sizes', () => {
    expect(parseBoxHeader(header('moof', 1040), 0, 5000)).toEqual({ type: 'moof', size: 1040 });
    expect(parseBoxHeader(header('mdat', 5_000_000_000, true), 0, 6_000_000_000)).toEqual({ type: 'mdat', size: 5_000_000_000 });
    expect(parseBoxHeader(header('mdat', 0), 1000, 4000)).toEqual({ type: 'mdat', size: 3000 });
  });

  it('refuses what cannot be a box header', () => {
    expect(parseBoxHeader(header('mo\u0001f', 100), 0, 100)).toBeNull();
    expect(parseBoxHeader(header('free', 4), 0, 100)).toBeNull();
    expect(parseBoxHeader(header('mdat', 8).subarray(0, 6), 0, 100)).toBeNull();
    // A 64-bit size needs its 8 extra bytes, and counts them.
    expect(parseBoxHeader(header('mdat', 12, true), 0, 100)).toBeNull();
    expect(parseBoxHeader(header('mdat', 100, true).subarray(0, 12), 0, 100)).toBeNull();
  });
});

describe('fmp4FileProblem', () => {
  it('accepts what Twitch and ffmpeg write', () => {
    expect(fmp4FileProblem(scan([['ftyp', 28], ['moov', 1307]]), 'init')).toBeNull();
    expect(fmp4FileProblem(scan([['styp', 24], ['sidx', 52], ['moof', 1040], ['mdat', 110350]]), 'segment')).toBeNull();
    // Several fragments, and a bare moof + mdat.
    expect(fmp4FileProblem(scan([['moof', 500], ['mdat', 9000], ['moof', 500], ['mdat', 9000]]), 'segment')).toBeNull();
  });

  it('names each kind of damage', () => {
    expect(fmp4FileProblem(scan([], { fileSize: 0 }), 'segment')).toBe('it is empty');
    // Text or an HTML error page: its first bytes may even parse as a (huge) box of another type.
    expect(fmp4FileProblem(scan([[' is ', 1952999795]], { fileSize: 17 }), 'segment')).toBe('it is not an MP4 file');
    expect(fmp4FileProblem(scan([], { fileSize: 17, garbage: true }), 'segment')).toBe('it is not an MP4 file');
    expect(fmp4FileProblem(scan([['moof', 1040], ['mdat', 110350]], { fileSize: 30000 }), 'segment')).toBe('it is cut short (30000 of 111390 bytes)');
    expect(fmp4FileProblem(scan([['moof', 1040]], { fileSize: 2000, end: 1040, garbage: true }), 'segment')).toBe(
      'it holds something other than MP4 boxes from byte 1040 on',
    );
    expect(fmp4FileProblem(scan([['styp', 24], ['mdat', 100]]), 'segment')).toBe('it has no fragment (moof)');
    expect(fmp4FileProblem(scan([['styp', 24], ['mdat', 100], ['moof', 100]]), 'segment')).toBe('its fragment has no media data (mdat)');
    expect(fmp4FileProblem(scan([['ftyp', 28], ['free', 8]]), 'init')).toBe('it has no movie header (moov)');
  });
});

describe('init segment file', () => {
  it('has its own name, never a segment name, and its temporary file is recognised', () => {
    expect(INIT_FILE_NAME).not.toMatch(/^\d+\./);
    expect(isTempName(segmentTempName(INIT_FILE_NAME))).toBe(true);
    expect(isTempName(INIT_FILE_NAME)).toBe(false);
    expect(isTempName('init-0.mp4.part')).toBe(false);
  });
});
