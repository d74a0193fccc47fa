// A 12-hour source at 29.97 and 59.94 fps: the last range, which ends on the source's last frame, is
// exact in every format, frames and timecode alike (integer frame arithmetic, no float accumulation).
// The expected numbers are computed here independently: BigInt rounding and a counting timecode.
import { describe, expect, it } from 'vitest';
import { serializeTimeline } from '../../../main/core/timeline/formats';
import { twelveHours } from './cases';
import { dropFrameLabels } from './countTimecode';
import { parseXml } from './xmlWellFormed';

/** round(sec × num / den) for a time given in hundredths of a second, in exact integers. */
function frameAt(hundredths: number, num: number, den: number): number {
  const n = BigInt(hundredths) * BigInt(num);
  const d = BigInt(den) * 100n;
  return Number((2n * n + d) / (2n * d));
}

const kidsNamed = (node: Element, name: string): Element[] =>
  Array.from(node.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).nodeName === name);
const textOf = (node: Element, name: string): string => kidsNamed(node, name)[0]?.textContent ?? '';

describe.each([
  ['29.97', { num: 30000, den: 1001 }, 30, 2],
  ['59.94', { num: 60000, den: 1001 }, 60, 4],
])('12 hours at %s fps', (_label, fps, base, dropped) => {
  const input = twelveHours(fps);
  const ranges = input.ranges.map((r) => ({ srcIn: frameAt(Math.round(r.start * 100), fps.num, fps.den), srcOut: frameAt(Math.round(r.end * 100), fps.num, fps.den) }));
  const totalFrames = frameAt(43_200 * 100, fps.num, fps.den);
  const last = ranges.at(-1)!;
  const recIn = ranges.slice(0, -1).reduce((sum, r) => sum + (r.srcOut - r.srcIn), 0);
  const recOut = recIn + (last.srcOut - last.srcIn);
  const labels = dropFrameLabels(base, dropped, [last.srcIn, last.srcOut, recIn, recOut]);

  it('ends the last range on the last frame of the source', () => {
    expect(last.srcOut).toBe(totalFrames);
    // 12 h of drop-frame timecode is 12 × 107 892 frames (×2 at 59.94); the source is a frame longer.
    expect(totalFrames).toBe(12 * 107_892 * (base / 30) + (base === 30 ? 1 : 3));
  });

  it('FCPXML: exact rational start, duration and offset', () => {
    const doc = parseXml(serializeTimeline('fcpxml', input));
    const clip = Array.from(doc.getElementsByTagName('asset-clip')).at(-1)!;
    const t = (frames: number) => {
      const ticks = frames * fps.den;
      return ticks % fps.num === 0 ? `${ticks / fps.num}s` : `${ticks}/${fps.num}s`;
    };
    expect(clip.getAttribute('start')).toBe(t(last.srcIn));
    expect(clip.getAttribute('duration')).toBe(t(last.srcOut - last.srcIn));
    expect(clip.getAttribute('offset')).toBe(t(recIn));
    expect(doc.getElementsByTagName('asset')[0]!.getAttribute('duration')).toBe(t(totalFrames));
  });

  it('FCP 7 XML: exact frame numbers', () => {
    const doc = parseXml(serializeTimeline('xmeml', input));
    const video = doc.getElementsByTagName('video')[0]!;
    const item = Array.from(video.getElementsByTagName('clipitem')).at(-1)!;
    expect(['in', 'out', 'start', 'end'].map((k) => Number(textOf(item, k)))).toEqual([last.srcIn, last.srcOut, recIn, recOut]);
  });

  it('EDL: exact drop-frame timecodes', () => {
    const events = serializeTimeline('edl', input)
      .split('\n')
      .filter((l) => /^\d{3}\s/.test(l));
    expect(events.at(-1)!.split(/\s+/).slice(4)).toEqual([labels.get(last.srcIn), labels.get(last.srcOut), labels.get(recIn), labels.get(recOut)]);
  });

  it('OTIO: exact frame values', () => {
    const otio = JSON.parse(serializeTimeline('otio', input));
    const clip = otio.tracks.children[0].children.at(-1);
    expect(clip.source_range.start_time.value).toBe(last.srcIn);
    expect(clip.source_range.duration.value).toBe(last.srcOut - last.srcIn);
    expect(clip.source_range.start_time.rate).toBe(fps.num / fps.den);
  });

  it('MLT and Kdenlive: exact (inclusive) entry points and marker positions', () => {
    for (const [format, playlist] of [
      ['mlt', 'playlist0'],
      ['kdenlive', 'playlist2'],
    ] as const) {
      const doc = parseXml(serializeTimeline(format, input));
      const list = Array.from(doc.getElementsByTagName('playlist')).find((p) => p.getAttribute('id') === playlist)!;
      const entry = kidsNamed(list, 'entry').at(-1)!;
      expect([Number(entry.getAttribute('in')), Number(entry.getAttribute('out'))]).toEqual([last.srcIn, last.srcOut - 1]);
      const tractors = Array.from(doc.getElementsByTagName('tractor'));
      expect(Number(tractors.at(-1)!.getAttribute('out'))).toBe(recOut - 1);
    }
    const kdenlive = serializeTimeline('kdenlive', input);
    expect(kdenlive).toContain(`"pos": ${recIn},`);
    expect(serializeTimeline('mlt', input)).toContain(`<property name="start">${recIn}</property>`);
  });
});
