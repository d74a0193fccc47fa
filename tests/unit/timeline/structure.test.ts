// Reads every format back (XML through a strict well-formedness check and a DOM; OTIO as JSON; the EDL
// line by line) and checks it says what the plan says: the source by absolute path / escaped file URL,
// each range's exact source frames and its place on the timeline, its name, a marker, audio when there is
// some, and a sequence of the source's size and rate.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serializeTimeline } from '../../../main/core/timeline/formats';
import { planTimeline } from '../../../main/core/timeline/plan';
import { timecode, type Rational } from '../../../main/core/timeline/rational';
import type { TimelineInput, TimelinePlan } from '../../../main/core/timeline/types';
import { goldenCases } from './cases';
import { assertWellFormed, parseXml } from './xmlWellFormed';

const cases = Object.entries(goldenCases);

const all = (node: Document | Element, name: string): Element[] => Array.from(node.getElementsByTagName(name));
const one = (node: Document | Element, name: string): Element => {
  const found = all(node, name);
  if (found.length === 0) throw new Error(`no <${name}>`);
  return found[0]!;
};
/** Direct children named `name`. */
const kids = (node: Element, name: string): Element[] => Array.from(node.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).nodeName === name);
const kid = (node: Element, name: string): Element => {
  const found = kids(node, name)[0];
  if (!found) throw new Error(`<${node.nodeName}> has no <${name}>`);
  return found;
};
const text = (node: Element, name: string): string => kid(node, name).textContent ?? '';
const num = (node: Element, name: string): number => Number(text(node, name));
const property = (node: Element, name: string): string | undefined =>
  kids(node, 'property').find((p) => p.getAttribute('name') === name)?.textContent ?? undefined;

/** "3614611/30000s" -> frames at fps (must be a whole number of frames). */
function fcpFrames(value: string | null, fps: Rational): number {
  const m = /^(\d+)(?:\/(\d+))?s$/.exec(value ?? '');
  if (!m) throw new Error(`not an FCPXML time: ${value}`);
  const [n, d] = [Number(m[1]), Number(m[2] ?? 1)];
  const frames = (n * fps.num) / (d * fps.den);
  expect(Number.isInteger(frames), `${value} is not on a frame`).toBe(true);
  return frames;
}

const fileUrlOf = (path: string) => `file://${path.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')}`;

/**
 * What the FCPXML 1.10 DTD (Apple's "Document Type Definition" page) allows for the elements written
 * here: attributes, children, and the attributes it requires.
 */
const FCPXML_1_10: Record<string, { attrs: string[]; children: string[]; required?: string[] }> = {
  fcpxml: { attrs: ['version'], children: ['import-options', 'resources', 'library', 'event'] },
  resources: { attrs: [], children: ['asset', 'effect', 'format', 'media', 'locator'] },
  format: { attrs: ['id', 'name', 'frameDuration', 'fieldOrder', 'width', 'height', 'paspH', 'paspV', 'colorSpace', 'projection', 'stereoscopic'], children: [], required: ['id'] },
  asset: {
    attrs: ['id', 'name', 'uid', 'start', 'duration', 'hasVideo', 'format', 'hasAudio', 'videoSources', 'audioSources', 'audioChannels', 'audioRate', 'customLUTOverride', 'colorSpaceOverride', 'projectionOverride', 'stereoscopicOverride', 'auxVideoFlags'],
    children: ['media-rep', 'metadata'],
    required: ['id'],
  },
  'media-rep': { attrs: ['kind', 'sig', 'src', 'suggestedFilename'], children: ['bookmark'], required: ['src'] },
  library: { attrs: ['location', 'colorProcessing'], children: ['event', 'smart-collection'] },
  event: { attrs: ['name', 'uid'], children: ['clip', 'audition', 'mc-clip', 'ref-clip', 'sync-clip', 'asset-clip', 'collection-folder', 'keyword-collection', 'smart-collection', 'project'] },
  project: { attrs: ['name', 'uid', 'id', 'modDate'], children: ['sequence'] },
  sequence: { attrs: ['format', 'duration', 'tcStart', 'tcFormat', 'audioLayout', 'audioRate', 'renderFormat', 'keywords'], children: ['note', 'spine', 'metadata'], required: ['format'] },
  spine: { attrs: ['lane', 'offset', 'name', 'format'], children: ['audio', 'video', 'clip', 'title', 'mc-clip', 'ref-clip', 'sync-clip', 'asset-clip', 'audition', 'gap', 'transition'] },
  'asset-clip': {
    attrs: ['ref', 'lane', 'offset', 'name', 'start', 'duration', 'enabled', 'srcEnable', 'audioStart', 'audioDuration', 'format', 'tcStart', 'tcFormat', 'modDate', 'audioRole', 'videoRole'],
    children: ['note', 'conform-rate', 'timeMap', 'marker', 'chapter-marker', 'rating', 'keyword', 'analysis-marker', 'audio-channel-source', 'filter-video', 'filter-audio', 'metadata', 'asset-clip', 'spine'],
    required: ['ref'],
  },
  marker: { attrs: ['start', 'duration', 'value', 'completed', 'note'], children: [], required: ['start', 'value'] },
};
const ENUMS: Record<string, RegExp> = {
  tcFormat: /^(DF|NDF)$/,
  audioLayout: /^(mono|stereo|surround)$/,
  audioRate: /^(32k|44\.1k|48k|88\.2k|96k|176\.4k|192k)$/,
  kind: /^(original-media|proxy-media)$/,
};

describe.each(cases)('%s', (_caseName, input: TimelineInput) => {
  const plan: TimelinePlan = planTimeline(input);
  const { fps, source } = plan;

  it('FCPXML 1.10: asset by file URL, one asset-clip per range with exact rational times and a marker', () => {
    const doc = parseXml(serializeTimeline('fcpxml', input));
    expect(doc.documentElement.getAttribute('version')).toBe('1.10');
    const format = one(doc, 'format');
    expect(fcpFrames(format.getAttribute('frameDuration'), fps)).toBe(1);
    expect([format.getAttribute('width'), format.getAttribute('height')]).toEqual([String(source.width), String(source.height)]);
    const asset = one(doc, 'asset');
    expect(one(asset, 'media-rep').getAttribute('src')).toBe(fileUrlOf(source.path));
    expect(fcpFrames(asset.getAttribute('duration'), fps)).toBe(source.frames);
    expect(asset.hasAttribute('hasAudio') ? asset.getAttribute('hasAudio') : null).toBe(source.hasAudio ? '1' : null);
    const sequence = one(doc, 'sequence');
    expect(sequence.getAttribute('tcFormat')).toBe(plan.dropFrame ? 'DF' : 'NDF');
    expect(fcpFrames(sequence.getAttribute('duration'), fps)).toBe(plan.durationFrames);
    const clips = all(one(doc, 'spine'), 'asset-clip');
    expect(clips.map((c) => c.getAttribute('name'))).toEqual(plan.clips.map((c) => c.name));
    clips.forEach((c, i) => {
      const p = plan.clips[i]!;
      expect(fcpFrames(c.getAttribute('start'), fps)).toBe(p.srcIn);
      expect(fcpFrames(c.getAttribute('duration'), fps)).toBe(p.srcOut - p.srcIn);
      expect(fcpFrames(c.getAttribute('offset'), fps)).toBe(p.recIn);
      const markers = all(c, 'marker');
      expect(markers).toHaveLength(1);
      expect(markers[0]!.getAttribute('value')).toBe(p.name);
      expect(fcpFrames(markers[0]!.getAttribute('start'), fps)).toBe(p.srcIn);
    });
  });

  it('FCPXML 1.10: uses only elements and attributes the DTD allows, with IDREFs that resolve', () => {
    const doc = parseXml(serializeTimeline('fcpxml', input));
    const ids = new Set(Array.from(doc.getElementsByTagName('*')).map((e) => e.getAttribute('id')).filter(Boolean));
    for (const element of Array.from(doc.getElementsByTagName('*'))) {
      const rule = FCPXML_1_10[element.nodeName];
      expect(rule, `<${element.nodeName}> is not expected`).toBeDefined();
      for (const attr of Array.from(element.attributes)) {
        expect(rule!.attrs, `<${element.nodeName} ${attr.name}>`).toContain(attr.name);
        if (ENUMS[attr.name] && !(element.nodeName === 'asset' && attr.name === 'audioRate')) expect(attr.value).toMatch(ENUMS[attr.name]!);
        if (['ref', 'format'].includes(attr.name)) expect(ids.has(attr.value), `${attr.name}="${attr.value}"`).toBe(true);
      }
      for (const required of rule!.required ?? []) expect(element.hasAttribute(required), `<${element.nodeName}> needs ${required}`).toBe(true);
      for (const child of Array.from(element.childNodes).filter((n) => n.nodeType === 1)) expect(rule!.children).toContain(child.nodeName);
    }
  });

  it('FCP 7 XML: clipitems with source in/out and sequence start/end, linked audio, sequence markers', () => {
    const doc = parseXml(serializeTimeline('xmeml', input));
    expect(doc.documentElement.getAttribute('version')).toBe('5');
    const sequence = one(doc, 'sequence');
    const rate = kid(sequence, 'rate');
    expect(num(rate, 'timebase')).toBe(Math.round(fps.num / fps.den));
    expect(text(rate, 'ntsc')).toBe(fps.den === 1001 ? 'TRUE' : 'FALSE');
    expect(num(sequence, 'duration')).toBe(plan.durationFrames);
    expect(text(kid(sequence, 'timecode'), 'displayformat')).toBe(plan.dropFrame ? 'DF' : 'NDF');
    const media = kid(sequence, 'media');
    const video = kid(media, 'video');
    const characteristics = one(kid(video, 'format'), 'samplecharacteristics');
    expect([num(characteristics, 'width'), num(characteristics, 'height')]).toEqual([source.width, source.height]);
    const videoItems = kids(kid(video, 'track'), 'clipitem');
    expect(videoItems.map((c) => text(c, 'name'))).toEqual(plan.clips.map((c) => c.name));
    videoItems.forEach((c, i) => {
      const p = plan.clips[i]!;
      expect([num(c, 'in'), num(c, 'out'), num(c, 'start'), num(c, 'end')]).toEqual([p.srcIn, p.srcOut, p.recIn, p.recOut]);
    });
    const files = all(doc, 'file').filter((f) => f.childNodes.length > 0);
    expect(files).toHaveLength(1);
    expect(text(files[0]!, 'pathurl')).toBe(fileUrlOf(source.path).replace('file://', 'file://localhost'));
    const audioTracks = kids(media, 'audio').flatMap((a) => kids(a, 'track'));
    expect(audioTracks).toHaveLength(source.hasAudio ? Math.min(2, source.channels) : 0);
    for (const [t, track] of audioTracks.entries()) {
      const items = kids(track, 'clipitem');
      expect(items.map((c) => [num(c, 'in'), num(c, 'out'), num(c, 'start')])).toEqual(plan.clips.map((p) => [p.srcIn, p.srcOut, p.recIn]));
      for (const item of items) expect(num(kid(item, 'sourcetrack'), 'trackindex')).toBe(t + 1);
    }
    // Every link points at a clipitem that exists.
    const ids = new Set(all(doc, 'clipitem').map((c) => c.getAttribute('id')));
    for (const link of all(doc, 'linkclipref')) expect(ids.has(link.textContent)).toBe(true);
    const markers = kids(sequence, 'marker');
    expect(markers.map((m) => [text(m, 'name'), num(m, 'in')])).toEqual(plan.clips.map((p) => [p.name, p.recIn]));
  });

  it('CMX 3600 EDL: one event per range, exact timecodes, clip name, file and locator', () => {
    const edl = serializeTimeline('edl', input);
    const lines = edl.split('\n');
    expect(lines[0]).toBe(`TITLE: ${plan.title}`);
    expect(lines[1]).toBe(`FCM: ${plan.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME'}`);
    const tc = (f: number) => timecode(f, fps, plan.dropFrame);
    const events = lines.filter((l) => /^\d{3,}\s/.test(l));
    expect(events).toHaveLength(plan.clips.length);
    events.forEach((line, i) => {
      const p = plan.clips[i]!;
      const fields = line.split(/\s+/);
      expect(fields).toEqual([
        String(i + 1).padStart(3, '0'),
        'AX',
        !source.hasAudio ? 'V' : source.channels >= 2 ? 'AA/V' : 'B',
        'C',
        tc(p.srcIn),
        tc(p.srcOut),
        tc(p.recIn),
        tc(p.recOut),
      ]);
    });
    expect(lines.filter((l) => l.startsWith('* FROM CLIP NAME: ')).map((l) => l.slice(18))).toEqual(plan.clips.map((p) => p.name));
    expect(lines.filter((l) => l.startsWith('* FROM FILE: ')).every((l) => l === `* FROM FILE: ${source.path}`)).toBe(true);
    expect(lines.filter((l) => l.startsWith('* LOC: '))).toEqual(plan.clips.map((p) => `* LOC: ${tc(p.recIn)} RED ${p.name}`));
  });

  it('OpenTimelineIO: valid JSON of OTIO schemas, frames at the source rate', () => {
    const otio = JSON.parse(serializeTimeline('otio', input));
    expect(otio.OTIO_SCHEMA).toBe('Timeline.1');
    expect(otio.name).toBe(plan.title);
    expect(otio.tracks.OTIO_SCHEMA).toBe('Stack.1');
    interface Time {
      OTIO_SCHEMA: string;
      rate: number;
      value: number;
    }
    interface Range {
      OTIO_SCHEMA: string;
      start_time: Time;
      duration: Time;
    }
    interface Clip {
      OTIO_SCHEMA: string;
      name: string;
      source_range: Range;
      active_media_reference_key: string;
      media_references: Record<string, { OTIO_SCHEMA: string; target_url: string; available_range: Range }>;
      markers: { OTIO_SCHEMA: string; name: string; marked_range: Range }[];
    }
    const tracks = otio.tracks.children as { OTIO_SCHEMA: string; kind: string; children: Clip[] }[];
    expect(tracks.map((t) => [t.OTIO_SCHEMA, t.kind])).toEqual([['Track.1', 'Video'], ...(source.hasAudio ? [['Track.1', 'Audio']] : [])]);
    const rate = fps.num / fps.den;
    for (const [t, track] of tracks.entries()) {
      expect(track.children.map((c) => c.name)).toEqual(plan.clips.map((p) => p.name));
      track.children.forEach((clip, i) => {
        const p = plan.clips[i]!;
        expect(clip.OTIO_SCHEMA).toBe('Clip.2');
        expect(clip.source_range.OTIO_SCHEMA).toBe('TimeRange.1');
        expect(clip.source_range.start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate, value: p.srcIn });
        expect(clip.source_range.duration).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate, value: p.srcOut - p.srcIn });
        const ref = clip.media_references[clip.active_media_reference_key]!;
        expect(ref.OTIO_SCHEMA).toBe('ExternalReference.1');
        expect(ref.target_url).toBe(fileUrlOf(source.path));
        expect(ref.available_range.duration.value).toBe(source.frames);
        if (t === 0) {
          expect(clip.markers).toHaveLength(1);
          expect(clip.markers[0]!.OTIO_SCHEMA).toBe('Marker.2');
          expect(clip.markers[0]!.name).toBe(p.name);
          expect(clip.markers[0]!.marked_range.start_time.value).toBe(p.srcIn);
        }
      });
    }
    // Rates and values are written as doubles ("30.0"), as OTIO writes them.
    expect(serializeTimeline('otio', input)).toMatch(/"value": \d+\.\d+/);
  });

  it('MLT (Shotcut): profile of the source, one chain per range (captioned), inclusive outs, markers', () => {
    const doc = parseXml(serializeTimeline('mlt', input));
    const profile = one(doc, 'profile');
    expect(['width', 'height', 'frame_rate_num', 'frame_rate_den'].map((a) => Number(profile.getAttribute(a)))).toEqual([
      source.width,
      source.height,
      fps.num,
      fps.den,
    ]);
    const chains = all(doc, 'chain');
    expect(chains.map((c) => property(c, 'resource'))).toEqual(plan.clips.map(() => source.path));
    expect(chains.map((c) => property(c, 'shotcut:caption'))).toEqual(plan.clips.map((p) => p.name));
    const v1 = all(doc, 'playlist').find((p) => p.getAttribute('id') === 'playlist0')!;
    expect(kids(v1, 'entry').map((e) => [e.getAttribute('producer'), Number(e.getAttribute('in')), Number(e.getAttribute('out'))])).toEqual(
      plan.clips.map((p) => [`chain${p.index}`, p.srcIn, p.srcOut - 1]),
    );
    const tractor = all(doc, 'tractor').at(-1)!;
    expect(property(tractor, 'shotcut')).toBe('1');
    expect(Number(tractor.getAttribute('out'))).toBe(plan.durationFrames - 1);
    const markers = kids(kids(tractor, 'properties')[0]!, 'properties');
    expect(markers.map((m) => [property(m, 'text'), Number(property(m, 'start'))])).toEqual(plan.clips.map((p) => [p.name, p.recIn]));
  });

  it('Kdenlive: document 1.1, a bin clip per range, A1/V1 halves grouped, guides, the project tractor last', () => {
    const doc = parseXml(serializeTimeline('kdenlive', input));
    const root = doc.documentElement;
    expect(root.getAttribute('producer')).toBe('main_bin');
    const mainBin = all(doc, 'playlist').find((p) => p.getAttribute('id') === 'main_bin')!;
    expect(property(mainBin, 'kdenlive:docproperties.version')).toBe('1.1');
    const byId = new Map([...all(doc, 'chain'), ...all(doc, 'producer'), ...all(doc, 'playlist'), ...all(doc, 'tractor')].map((e) => [e.getAttribute('id'), e]));
    // Every reference resolves to something defined before it (MLT reads the file in order).
    const order = Array.from(root.getElementsByTagName('*'));
    for (const ref of [...all(doc, 'entry'), ...all(doc, 'track')]) {
      const target = byId.get(ref.getAttribute('producer'));
      expect(target, ref.getAttribute('producer') ?? '').toBeDefined();
      expect(order.indexOf(target!)).toBeLessThan(order.indexOf(ref));
    }
    const binClips = kids(mainBin, 'entry').map((e) => byId.get(e.getAttribute('producer'))!).filter((e) => e.nodeName === 'chain');
    expect(binClips.map((c) => property(c, 'kdenlive:clipname'))).toEqual(plan.clips.map((p) => p.name));
    expect(binClips.every((c) => property(c, 'resource') === source.path)).toBe(true);
    const entries = (id: string) =>
      kids(byId.get(id)!, 'entry').map((e) => [Number(e.getAttribute('in')), Number(e.getAttribute('out')), property(e, 'kdenlive:id')]);
    const expected = plan.clips.map((p, i) => [p.srcIn, p.srcOut - 1, property(binClips[i]!, 'kdenlive:id')]);
    expect(entries('playlist2')).toEqual(expected);
    if (source.hasAudio) expect(entries('playlist0')).toEqual(expected);
    else expect(byId.has('playlist0')).toBe(false);
    const sequence = byId.get('tractor2')!;
    expect(property(sequence, 'kdenlive:uuid')).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
    const guides = JSON.parse(property(sequence, 'kdenlive:sequenceproperties.guides')!);
    expect(guides).toEqual(plan.clips.map((p) => ({ comment: p.name, pos: p.recIn, type: 0 })));
    const groups = JSON.parse(property(sequence, 'kdenlive:sequenceproperties.groups')!);
    expect(groups).toHaveLength(source.hasAudio ? plan.clips.length : 0);
    const last = all(doc, 'tractor').at(-1)!;
    expect(property(last, 'kdenlive:projectTractor')).toBe('1');
    expect(kids(last, 'track')[0]!.getAttribute('producer')).toBe('tractor2');
  });
});

describe('the XML check itself', () => {
  it.each([
    ['<a><b></a>', /closes/],
    ['<a x="1" x="2"/>', /duplicate/],
    ['<a>Tom & Jerry</a>', /bare &/],
    ['<a b="<"/>', /< in attribute/],
    ['<a/><b/>', /more than one root/],
    ['<a>\u0001</a>', /not allowed/],
    ['<a><b/>', /unclosed/],
    ['<a b="x"c="y"/>', /malformed/],
  ])('refuses %j', (xml, reason) => {
    expect(() => assertWellFormed(xml)).toThrow(reason);
  });

  it('accepts what well-formed XML may contain', () => {
    expect(() => assertWellFormed('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x>\n<x a="&amp;&#10;&quot;">t &lt; &#x41;<y/><!-- c --></x>\n')).not.toThrow();
  });

  it('passes the golden files', () => {
    for (const name of ['ntsc2997-stereo.fcpxml', 'ntsc2997-stereo.xml', 'ntsc2997-stereo.mlt', 'ntsc2997-stereo.kdenlive']) {
      const path = fileURLToPath(new URL(`../../fixtures/golden/timeline/${name}`, import.meta.url));
      expect(() => parseXml(readFileSync(path, 'utf8'))).not.toThrow();
    }
  });
});
