import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors';
import { fitInside, lookFor, presetSize, splitTopHeight } from '../../../../main/core/export/render/looks';

const HD = { width: 1920, height: 1080 };

function badArguments(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_ARGUMENTS');
    return error as AppError;
  }
  throw new Error('expected BAD_ARGUMENTS');
}

describe('presets', () => {
  it('give exactly the preset height, an even width from the aspect, upscaling included', () => {
    expect(presetSize('1080p', HD)).toEqual({ width: 1920, height: 1080 });
    expect(presetSize('720p', HD)).toEqual({ width: 1280, height: 720 });
    expect(presetSize('720p', { width: 320, height: 180 })).toEqual({ width: 1280, height: 720 });
    expect(presetSize('1080p', { width: 1280, height: 720 })).toEqual({ width: 1920, height: 1080 });
    // 4:3 and ultrawide: width follows, rounded to even.
    expect(presetSize('720p', { width: 640, height: 480 })).toEqual({ width: 960, height: 720 });
    expect(presetSize('720p', { width: 2560, height: 1080 })).toEqual({ width: 1706, height: 720 });
  });

  it("'source' keeps the size, trimmed to even numbers", () => {
    expect(presetSize('source', HD)).toEqual(HD);
    expect(presetSize('source', { width: 853, height: 481 })).toEqual({ width: 852, height: 480 });
  });

  it('scale to the size, or only mark the pixels square when nothing changes', () => {
    expect(lookFor(null, '720p', HD).graph('i', 'o')).toBe('[i]scale=1280:720:flags=bicubic,setsar=1[o]');
    expect(lookFor(null, 'source', HD).graph('i', 'o')).toBe('[i]setsar=1[o]');
    expect(lookFor(null, 'source', { width: 853, height: 481 }).graph('i', 'o')).toBe('[i]crop=852:480:0:0,setsar=1[o]');
  });

  it('a vertical look ignores the preset: always 1080×1920', () => {
    const look = lookFor({ kind: 'blur' }, '720p', HD);
    expect([look.width, look.height]).toEqual([1080, 1920]);
  });
});

describe('vertical crop', () => {
  it('crops the box, covers 1080×1920 keeping its aspect, square pixels', () => {
    const look = lookFor({ kind: 'crop', box: { x: 656, y: 0, width: 608, height: 1080 } }, 'source', HD);
    expect([look.width, look.height]).toEqual([1080, 1920]);
    expect(look.graph('in', 'out')).toBe(
      '[in]crop=608:1080:656:0,scale=1080:1920:force_original_aspect_ratio=increase:flags=bicubic,crop=1080:1920,setsar=1[out]',
    );
  });

  it('accepts a box within 2% of 9:16 and refuses one further off', () => {
    expect(() => lookFor({ kind: 'crop', box: { x: 0, y: 0, width: 101, height: 180 } }, 'source', { width: 320, height: 180 })).not.toThrow();
    const error = badArguments(() => lookFor({ kind: 'crop', box: { x: 0, y: 0, width: 120, height: 180 } }, 'source', { width: 320, height: 180 }));
    expect(error.message).toMatch(/9:16/);
    badArguments(() => lookFor({ kind: 'crop', box: { x: 0, y: 0, width: 1080, height: 1080 } }, 'source', HD));
  });

  it('refuses a box that leaves the frame', () => {
    const error = badArguments(() => lookFor({ kind: 'crop', box: { x: 1400, y: 0, width: 608, height: 1080 } }, 'source', HD));
    expect(error.message).toMatch(/not inside the 1920×1080 video/);
    badArguments(() => lookFor({ kind: 'crop', box: { x: 0, y: 10, width: 608, height: 1080 } }, 'source', HD));
  });
});

describe('vertical blur', () => {
  it('puts the whole frame, 1080 wide, centred over a blurred fill of itself', () => {
    const graph = lookFor({ kind: 'blur' }, 'source', HD).graph('in', 'out');
    expect(graph).toContain('[in]split=2[out_bg][out_fg]');
    expect(graph).toContain('scale=270:480:force_original_aspect_ratio=increase:flags=bicubic,crop=270:480,boxblur=');
    expect(graph).toContain(',scale=1080:1920:flags=bilinear[out_fill]');
    expect(graph).toContain('[out_fg]scale=1080:608:flags=bicubic[out_fit]');
    expect(graph).toContain('[out_fill][out_fit]overlay=x=0:y=656:eof_action=pass,setsar=1[out]');
  });

  it('fits a portrait or square source by its height or width', () => {
    expect(fitInside({ width: 1080, height: 1920 }, { width: 1080, height: 1920 })).toEqual({ width: 1080, height: 1920 });
    expect(fitInside({ width: 720, height: 1600 }, { width: 1080, height: 1920 })).toEqual({ width: 864, height: 1920 });
    expect(fitInside({ width: 500, height: 500 }, { width: 1080, height: 1920 })).toEqual({ width: 1080, height: 1080 });
  });
});

describe('vertical split', () => {
  it("sizes the top slot by the top box's aspect, clamped to 25–50% of the height", () => {
    expect(splitTopHeight({ width: 1920, height: 1080 })).toBe(608); // 16:9 facecam
    expect(splitTopHeight({ width: 400, height: 400 })).toBe(960); // square: 50% at most
    expect(splitTopHeight({ width: 1000, height: 100 })).toBe(480); // a strip: 25% at least
    expect(splitTopHeight({ width: 400, height: 300 })).toBe(810);
  });

  it('stacks the two boxes, each covering its slot, to exactly 1080×1920', () => {
    const look = lookFor(
      { kind: 'split', top: { x: 1440, y: 0, width: 480, height: 270 }, bottom: { x: 420, y: 0, width: 1080, height: 1080 } },
      'source',
      HD,
    );
    expect([look.width, look.height]).toEqual([1080, 1920]);
    const graph = look.graph('in', 'out');
    expect(graph).toContain('[in]split=2[out_t][out_b]');
    expect(graph).toContain('[out_t]crop=480:270:1440:0,scale=1080:608:force_original_aspect_ratio=increase:flags=bicubic,crop=1080:608[out_top]');
    expect(graph).toContain('[out_b]crop=1080:1080:420:0,scale=1080:1312:force_original_aspect_ratio=increase:flags=bicubic,crop=1080:1312[out_bottom]');
    expect(graph).toContain('[out_top][out_bottom]vstack=inputs=2,setsar=1[out]');
  });

  it('refuses either box outside the frame, naming it', () => {
    const inside = { x: 0, y: 0, width: 100, height: 100 };
    const outside = { x: 1900, y: 0, width: 100, height: 100 };
    expect(badArguments(() => lookFor({ kind: 'split', top: outside, bottom: inside }, 'source', HD)).message).toMatch(/top box/);
    expect(badArguments(() => lookFor({ kind: 'split', top: inside, bottom: outside }, 'source', HD)).message).toMatch(/bottom box/);
  });
});
