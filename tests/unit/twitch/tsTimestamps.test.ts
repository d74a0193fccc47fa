// The MPEG-TS head reader on transport streams built here byte by byte (an encoder written for the
// test, not the reader's code): PAT/PMT, PES headers with PTS and DTS, adaptation fields, headers and
// sections split over packets, 33-bit values and their wrap, and every case where it must give up.
import { describe, expect, it } from 'vitest';
import { pesTimestamps, tsStartsFromHead } from '../../../main/core/twitch/tsTimestamps';

const WRAP = 2 ** 33;
const VIDEO = 0x100;
const AUDIO = 0x101;
const ID3 = 0x102;
const PMT = 0x1000;

/** One 188-byte packet; `adaptation` bytes of adaptation field (length byte included) before the payload. */
function packet(pid: number, payload: number[], opts: { start?: boolean; adaptation?: number; error?: boolean } = {}): number[] {
  const af = opts.adaptation ?? 0;
  const room = 184 - af;
  if (payload.length > room) throw new Error('payload too long for one packet');
  const header = [0x47, (opts.error ? 0x80 : 0) | (opts.start ? 0x40 : 0) | (pid >> 8), pid & 0xff, ((af > 0 ? 2 : 0) | 1) << 4];
  const field = af > 0 ? [af - 1, ...(af > 1 ? [0x00, ...new Array<number>(af - 2).fill(0xff)] : [])] : [];
  return [...header, ...field, ...payload, ...new Array<number>(room - payload.length).fill(0xff)];
}

function section(tableId: number, body: number[]): number[] {
  const length = body.length + 4;
  return [tableId, 0xb0 | (length >> 8), length & 0xff, ...body, 0, 0, 0, 0];
}

function pat(pmtPids: number[]): number[] {
  const programs = pmtPids.flatMap((pid, i) => [0, i + 1, 0xe0 | (pid >> 8), pid & 0xff]);
  return section(0x00, [0, 1, 0xc1, 0, 0, 0, 0, 0xe0, 0x10, ...programs]);
}

function pmt(streams: { type: number; pid: number; descriptors?: number }[]): number[] {
  const entries = streams.flatMap((s) => {
    const d = s.descriptors ?? 0;
    return [s.type, 0xe0 | (s.pid >> 8), s.pid & 0xff, 0xf0, d, ...new Array<number>(d).fill(0x05)];
  });
  return section(0x02, [0, 1, 0xc1, 0, 0, 0xe0 | (VIDEO >> 8), VIDEO & 0xff, 0xf0, 0, ...entries]);
}

/** The 5 bytes of a PES timestamp: 4-bit prefix, then 3 + 15 + 15 bits with marker bits. */
function stamp(prefix: number, t: number): number[] {
  const hi = Math.floor(t / 2 ** 30) & 7;
  const mid = Math.floor(t / 2 ** 15) % 2 ** 15;
  const lo = t % 2 ** 15;
  return [(prefix << 4) | (hi << 1) | 1, mid >> 7, ((mid & 0x7f) << 1) | 1, lo >> 7, ((lo & 0x7f) << 1) | 1];
}

function pes(streamId: number, pts: number | null, dts: number | null = null, es: number[] = [0, 0, 0, 1, 9]): number[] {
  const fields = pts === null ? [] : dts === null ? stamp(2, pts) : [...stamp(3, pts), ...stamp(1, dts)];
  const flags = pts === null ? 0 : dts === null ? 2 : 3;
  return [0, 0, 1, streamId, 0, 0, 0x80, flags << 6, fields.length, ...fields, ...es];
}

const tables = (streams = [{ type: 0x1b, pid: VIDEO }, { type: 0x0f, pid: AUDIO }]) => [
  ...packet(0, [0, ...pat([PMT])], { start: true }),
  ...packet(PMT, [0, ...pmt(streams)], { start: true }),
];
const head = (...packets: number[][]) => Uint8Array.from(packets.flat());
const sec = (ticks: number) => ticks / 90_000;

describe('pesTimestamps', () => {
  it('reads PTS alone, PTS with DTS, all 33 bits', () => {
    expect(pesTimestamps(pes(0xe0, 126_000))).toEqual({ pts: 126_000, dts: null });
    expect(pesTimestamps(pes(0xe0, 132_000, 126_000))).toEqual({ pts: 132_000, dts: 126_000 });
    expect(pesTimestamps(pes(0xe0, WRAP - 1, WRAP - 3001))).toEqual({ pts: WRAP - 1, dts: WRAP - 3001 });
    expect(pesTimestamps(pes(0xc0, 2 ** 32 + 2 ** 15 + 1))).toEqual({ pts: 2 ** 32 + 2 ** 15 + 1, dts: null });
  });

  it('asks for more bytes, or says there are none', () => {
    expect(pesTimestamps(pes(0xe0, 1, 0).slice(0, 8))).toBeNull();
    expect(pesTimestamps(pes(0xe0, 1, 0).slice(0, 18))).toBeNull();
    expect(pesTimestamps(pes(0xe0, 1).slice(0, 13))).toBeNull();
    expect(pesTimestamps(pes(0xe0, null))).toBe('no-timestamps');
    expect(pesTimestamps(pes(0xbe, 1))).toBe('no-timestamps'); // padding stream: no optional header
    expect(pesTimestamps([0, 0, 2, 0xe0, 0, 0, 0x80, 0x80, 5, ...stamp(2, 1)])).toBe('no-timestamps');
  });
});

describe('tsStartsFromHead', () => {
  it('B-frames: the video keyframe decoded before it is shown, audio cut between', () => {
    const starts = tsStartsFromHead(
      head(tables(), packet(VIDEO, pes(0xe0, 312_000, 306_000), { start: true }), packet(AUDIO, pes(0xc0, 306_720), { start: true })),
    );
    expect(starts).toEqual({ startSec: sec(306_720), videoStartSec: sec(312_000), videoDecodeStartSec: sec(306_000), audioStartSec: sec(306_720) });
  });

  it('without DTS the decoding time is the PTS; the start is the earliest stream', () => {
    const starts = tsStartsFromHead(head(tables(), packet(AUDIO, pes(0xc0, 125_000), { start: true }), packet(VIDEO, pes(0xe0, 126_000), { start: true })));
    expect(starts).toEqual({ startSec: sec(125_000), videoStartSec: sec(126_000), videoDecodeStartSec: sec(126_000), audioStartSec: sec(125_000) });
  });

  it('takes the first PES of each stream, not later ones (what ffprobe reports)', () => {
    const starts = tsStartsFromHead(
      head(
        tables(),
        packet(VIDEO, pes(0xe0, 9000, 3000), { start: true }),
        packet(VIDEO, [1, 2, 3]), // continuation of the keyframe
        packet(VIDEO, pes(0xe0, 6000, 4500), { start: true }), // open GOP: a leading picture shown earlier
        packet(AUDIO, pes(0xc0, 3100), { start: true }),
        packet(AUDIO, pes(0xc0, 1000), { start: true }),
      ),
    );
    expect(starts).toMatchObject({ videoStartSec: sec(9000), videoDecodeStartSec: sec(3000), audioStartSec: sec(3100), startSec: sec(3100) });
  });

  it('skips adaptation fields, packets without payload, packets flagged in error and PES the file starts inside', () => {
    const adaptationOnly = [0x47, VIDEO >> 8, VIDEO & 0xff, 0x20, 183, 0x10, ...new Array<number>(182).fill(0xff)];
    const starts = tsStartsFromHead(
      head(
        packet(VIDEO, [7, 7, 7]), // tail of a PES from before the file: no header to read
        tables(),
        adaptationOnly,
        packet(VIDEO, pes(0xe0, 500, 400), { start: true, error: true }),
        packet(VIDEO, pes(0xe0, 9000, 6000), { start: true, adaptation: 8 }),
        packet(AUDIO, pes(0xc0, 6200), { start: true, adaptation: 170 - 14 - 5 }),
      ),
    );
    expect(starts).toEqual({ startSec: sec(6200), videoStartSec: sec(9000), videoDecodeStartSec: sec(6000), audioStartSec: sec(6200) });
  });

  it('a PES header split over packets (big adaptation field), and a PMT split over packets', () => {
    const video = pes(0xe0, 9000, 6000);
    const longPmt = [0, ...pmt([{ type: 0x1b, pid: VIDEO, descriptors: 120 }, { type: 0x0f, pid: AUDIO, descriptors: 100 }])];
    const starts = tsStartsFromHead(
      head(
        packet(0, [0, ...pat([PMT])], { start: true }),
        packet(PMT, longPmt.slice(0, 184), { start: true }),
        packet(PMT, longPmt.slice(184)),
        packet(VIDEO, video.slice(0, 12), { start: true, adaptation: 184 - 12 }),
        packet(VIDEO, video.slice(12)),
        packet(AUDIO, pes(0xc0, 6100), { start: true }),
      ),
    );
    expect(starts).toEqual({ startSec: sec(6100), videoStartSec: sec(9000), videoDecodeStartSec: sec(6000), audioStartSec: sec(6100) });
  });

  it('a video-only segment (muted, no audio stream) and an audio-only one', () => {
    expect(tsStartsFromHead(head(tables([{ type: 0x1b, pid: VIDEO }]), packet(VIDEO, pes(0xe0, 9000), { start: true })))).toEqual({
      startSec: sec(9000),
      videoStartSec: sec(9000),
      videoDecodeStartSec: sec(9000),
      audioStartSec: null,
    });
    expect(tsStartsFromHead(head(tables([{ type: 0x0f, pid: AUDIO }]), packet(AUDIO, pes(0xc0, 700), { start: true })))).toEqual({
      startSec: sec(700),
      videoStartSec: null,
      videoDecodeStartSec: null,
      audioStartSec: sec(700),
    });
  });

  it('HEVC and a second audio stream: the first of each kind, the start over all', () => {
    const starts = tsStartsFromHead(
      head(
        tables([{ type: 0x24, pid: VIDEO }, { type: 0x0f, pid: AUDIO }, { type: 0x0f, pid: 0x103 }]),
        packet(VIDEO, pes(0xe0, 9000, 6000), { start: true }),
        packet(AUDIO, pes(0xc0, 6300), { start: true }),
        packet(0x103, pes(0xc1, 5900), { start: true }),
      ),
    );
    expect(starts).toEqual({ startSec: sec(5900), videoStartSec: sec(9000), videoDecodeStartSec: sec(6000), audioStartSec: sec(6300) });
  });

  it('a timed-ID3 stream sets the start only when under a second ahead (ffmpeg\'s rule for data streams)', () => {
    const withId3 = (id3Pts: number) =>
      tsStartsFromHead(
        head(
          tables([{ type: 0x1b, pid: VIDEO }, { type: 0x0f, pid: AUDIO }, { type: 0x15, pid: ID3 }]),
          packet(ID3, pes(0xbd, id3Pts), { start: true }),
          packet(VIDEO, pes(0xe0, 200_000, 194_000), { start: true }),
          packet(AUDIO, pes(0xc0, 195_000), { start: true }),
        ),
      );
    expect(withId3(190_000)?.startSec).toBe(sec(190_000));
    expect(withId3(195_000 - 90_000)?.startSec).toBe(sec(195_000)); // exactly a second ahead: ignored
    expect(withId3(199_000)?.startSec).toBe(sec(195_000)); // later than the audio
    // An ID3 PES after the audio/video ones is not waited for, nor one without timestamps.
    const late = tsStartsFromHead(
      head(
        tables([{ type: 0x1b, pid: VIDEO }, { type: 0x0f, pid: AUDIO }, { type: 0x15, pid: ID3 }]),
        packet(ID3, pes(0xbd, null), { start: true }),
        packet(VIDEO, pes(0xe0, 200_000, 194_000), { start: true }),
        packet(AUDIO, pes(0xc0, 195_000), { start: true }),
        packet(ID3, pes(0xbd, 100_000), { start: true }),
      ),
    );
    expect(late?.startSec).toBe(sec(195_000));
  });

  it('unwraps 33-bit timestamps against the first one, as ffmpeg does', () => {
    // A segment that crosses the wrap: later timestamps continue past 2^33.
    const first = WRAP - 70 * 90_000;
    const across = tsStartsFromHead(head(tables(), packet(VIDEO, pes(0xe0, first + 6000, first), { start: true }), packet(AUDIO, pes(0xc0, 200), { start: true })));
    expect(across).toEqual({ startSec: sec(first + 6000), videoStartSec: sec(first + 6000), videoDecodeStartSec: sec(first), audioStartSec: sec(WRAP + 200) });
    // Far from the wrap: up to 60 s before the first timestamp is taken as it is.
    const early = tsStartsFromHead(head(tables(), packet(VIDEO, pes(0xe0, 10_000_000, 9_000_000), { start: true }), packet(AUDIO, pes(0xc0, 9_000_000 - 5_400_000), { start: true })));
    expect(early?.audioStartSec).toBe(sec(3_600_000));
    // The first timestamp within 60 s of the wrap: those from 60 s before it on are made negative, the
    // ones past the wrap stay small.
    const near = tsStartsFromHead(head(tables(), packet(VIDEO, pes(0xe0, 1500, WRAP - 1500), { start: true }), packet(AUDIO, pes(0xc0, 200), { start: true })));
    expect(near).toEqual({ startSec: sec(200), videoStartSec: sec(1500), videoDecodeStartSec: sec(-1500), audioStartSec: sec(200) });
  });

  it('gives up (null) where it cannot answer as ffprobe would', () => {
    const av = [packet(VIDEO, pes(0xe0, 9000, 6000), { start: true }), packet(AUDIO, pes(0xc0, 6100), { start: true })];
    expect(tsStartsFromHead(head(tables(), ...av))).not.toBeNull();
    // Not yet: no tables, no audio PES, half a packet.
    expect(tsStartsFromHead(head(...av))).toBeNull();
    expect(tsStartsFromHead(head(tables(), av[0]!))).toBeNull();
    expect(tsStartsFromHead(head(tables(), av[0]!, av[1]!.slice(0, 100)))).toBeNull();
    expect(tsStartsFromHead(new Uint8Array(0))).toBeNull();
    // Not MPEG-TS, or lost sync.
    expect(tsStartsFromHead(Buffer.from('this is not MPEG-TS'.repeat(20)))).toBeNull();
    expect(tsStartsFromHead(head(tables(), [0x00, ...av[0]!.slice(1)], av[1]!))).toBeNull();
    // Two programs; a stream type it does not know (private data); a first video PES without a PTS.
    expect(tsStartsFromHead(head(packet(0, [0, ...pat([PMT, PMT + 1])], { start: true }), tables().slice(188), ...av))).toBeNull();
    expect(tsStartsFromHead(head(tables([{ type: 0x1b, pid: VIDEO }, { type: 0x06, pid: AUDIO }]), ...av))).toBeNull();
    expect(tsStartsFromHead(head(tables(), packet(VIDEO, pes(0xe0, null), { start: true }), av[1]!))).toBeNull();
  });
});
