// The duration a finished reel's header declares (what players and ffprobe show), read in-process: an
// ffprobe run for one number would cost a process start, as much as a whole short export's overhead.
// MP4/MOV: the movie header (mvhd). Matroska: the segment Info's Duration. Null for anything else or a
// header this reader does not follow; the caller then asks ffprobe.
import { open } from 'node:fs/promises';

/** Enough for the Matroska header and the boxes before an MP4's moov when the moov comes first. */
const HEAD_BYTES = 64 * 1024;

export async function readContainerDuration(path: string): Promise<number | null> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const read = async (offset: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      await file.read(buffer, 0, buffer.length, offset);
      return buffer;
    };
    const head = await read(0, HEAD_BYTES);
    if (head.readUInt32BE(0) === 0x1a45dfa3) return matroskaDuration(head);
    // Top-level MP4 boxes: follow the sizes (a moov written last sits after the media data).
    let offset = 0;
    while (offset + 8 <= size) {
      const header = await read(offset, 16);
      const box = boxHeader(header, size - offset);
      if (!box) return null;
      if (box.type === 'moov') return mvhdDuration(await read(offset + box.headerSize, Math.min(box.size - box.headerSize, HEAD_BYTES)));
      offset += box.size;
    }
    return null;
  } catch {
    return null;
  } finally {
    await file.close();
  }
}

/** size (with header), type and header length of the box starting the buffer; null when malformed. */
export function boxHeader(buffer: Buffer, remaining: number): { size: number; type: string; headerSize: number } | null {
  if (buffer.length < 8) return null;
  let size = buffer.readUInt32BE(0);
  let headerSize = 8;
  if (size === 1) {
    if (buffer.length < 16) return null;
    size = Number(buffer.readBigUInt64BE(8));
    headerSize = 16;
  } else if (size === 0) {
    size = remaining;
  }
  if (size < headerSize || size > remaining) return null;
  return { size, type: buffer.toString('latin1', 4, 8), headerSize };
}

/** Duration in seconds from the contents of a moov box (its mvhd child). */
export function mvhdDuration(moov: Buffer): number | null {
  let offset = 0;
  while (offset + 8 <= moov.length) {
    const box = boxHeader(moov.subarray(offset), moov.length - offset);
    if (!box) return null;
    if (box.type === 'mvhd') {
      const body = moov.subarray(offset + box.headerSize, offset + box.size);
      const version = body[0];
      if (version === 1 && body.length >= 32) return ratio(Number(body.readBigUInt64BE(24)), body.readUInt32BE(20));
      if (version === 0 && body.length >= 20) return ratio(body.readUInt32BE(16), body.readUInt32BE(12));
      return null;
    }
    offset += box.size;
  }
  return null;
}

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMESTAMP_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const CLUSTER = 0x1f43b675;

/** Duration in seconds from the start of a Matroska file (Segment > Info > Duration × TimestampScale). */
export function matroskaDuration(head: Buffer): number | null {
  let offset = 0;
  while (offset < head.length) {
    const el = element(head, offset);
    if (!el) return null;
    if (el.id === EBML_HEADER && el.size !== null) offset = el.dataStart + el.size;
    else if (el.id === SEGMENT) offset = el.dataStart; // enter: Info is one of its first children
    else if (el.id === INFO) return infoDuration(head.subarray(el.dataStart, el.size === null ? head.length : el.dataStart + el.size));
    else if (el.id === CLUSTER || el.size === null) return null;
    else offset = el.dataStart + el.size;
  }
  return null;
}

function infoDuration(info: Buffer): number | null {
  let scale = 1_000_000;
  let duration: number | null = null;
  let offset = 0;
  while (offset < info.length) {
    const el = element(info, offset);
    if (!el || el.size === null || el.dataStart + el.size > info.length) return null;
    const data = info.subarray(el.dataStart, el.dataStart + el.size);
    if (el.id === TIMESTAMP_SCALE && el.size >= 1 && el.size <= 6) scale = data.readUIntBE(0, el.size);
    if (el.id === DURATION) duration = el.size === 8 ? data.readDoubleBE(0) : el.size === 4 ? data.readFloatBE(0) : null;
    offset = el.dataStart + el.size;
  }
  return duration === null ? null : ratio(duration * scale, 1e9);
}

/** An EBML element header: id (marker bits kept, as specs write them), data size (null = unknown). */
function element(buffer: Buffer, offset: number): { id: number; size: number | null; dataStart: number } | null {
  const id = vint(buffer, offset, true);
  if (!id || id.length > 4) return null;
  const size = vint(buffer, offset + id.length, false);
  if (!size) return null;
  return { id: id.value, size: size.unknown ? null : size.value, dataStart: offset + id.length + size.length };
}

function vint(buffer: Buffer, offset: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  const first = buffer[offset];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (offset + length > buffer.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buffer[offset + i] as number;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function ratio(value: number, scale: number): number | null {
  return scale > 0 && Number.isFinite(value) && value > 0 ? value / scale : null;
}
