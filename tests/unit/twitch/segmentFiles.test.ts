import { describe, expect, it } from 'vitest';
import {
  completeSegments,
  isTempName,
  segmentExtension,
  segmentFileName,
  segmentTempName,
} from '../../../main/core/twitch/segmentFiles';

describe('segmentFileName', () => {
  it('names by zero-padded playlist index, whatever the URI says about muting', () => {
    expect(segmentFileName({ index: 12, uri: '12.ts' })).toBe('000012.ts');
    expect(segmentFileName({ index: 12, uri: '12-muted.ts' })).toBe('000012.ts');
    expect(segmentFileName({ index: 0, uri: '0-unmuted.ts' })).toBe('000000.ts');
    expect(segmentFileName({ index: 1234567, uri: '1234567.ts' })).toBe('1234567.ts');
  });

  it('sorts in playlist order', () => {
    const names = [9, 10, 100, 2].map((index) => segmentFileName({ index, uri: `${index}.ts` }));
    expect([...names].sort()).toEqual(['000002.ts', '000009.ts', '000010.ts', '000100.ts']);
  });

  it('keeps MPEG-TS as .ts and stores every fMP4 flavour as .mp4', () => {
    expect(segmentFileName({ index: 3, uri: '3.mp4' })).toBe('000003.mp4');
    expect(segmentExtension('3.m4s')).toBe('mp4');
    expect(segmentExtension('chunk.CMFV')).toBe('mp4');
    expect(segmentExtension('3.ts')).toBe('ts');
  });

  it('reads the extension from the path only', () => {
    expect(segmentExtension('https://cdn.example/a.b/3.mp4?x=1.ts')).toBe('mp4');
    expect(segmentExtension('path/3.ts#t=1.mp4')).toBe('ts');
    expect(segmentExtension('v1/segment')).toBe('ts');
    expect(segmentExtension('dir.mp4/segment')).toBe('ts');
  });
});

describe('temporary names', () => {
  it('are the final name plus a suffix that nothing complete carries', () => {
    const temp = segmentTempName('000004.ts');
    expect(temp).not.toBe('000004.ts');
    expect(temp.startsWith('000004.ts')).toBe(true);
    expect(isTempName(temp)).toBe(true);
    expect(isTempName('000004.ts')).toBe(false);
    expect(isTempName(segmentFileName({ index: 4, uri: '4.mp4' }))).toBe(false);
    expect(isTempName(segmentTempName(segmentFileName({ index: 4, uri: '4.mp4' })))).toBe(true);
    // Someone else's temporary file in the same folder (a join's output) is not a segment's.
    expect(isTempName('.out.mp4.1a2b.part')).toBe(false);
  });
});

describe('completeSegments', () => {
  const segments = [0, 1, 2, 3].map((index) => ({ index, uri: index === 2 ? '2-muted.ts' : `${index}.ts` }));

  it('counts a segment only when its final name is present', () => {
    const names = ['000000.ts', segmentTempName('000001.ts'), '000002.ts', '3.ts', 'list.ffconcat', '000003.mp4'];
    expect([...completeSegments(segments, names)].sort()).toEqual([0, 2]);
  });
});
