// A structural check of downloaded fMP4 files, by their top-level box headers only (a few small reads
// per file). Needed because ffmpeg's HLS demuxer skips a fragment it cannot parse without an error, and
// the timestamps of the fragments after it (absolute, from their `tfdt`) keep the joined file as long
// as the playlist: a damaged segment would become a silent hole in the video instead of a failure.
import { open } from 'node:fs/promises';

export interface BoxHeader {
  type: string;
  /** Whole box, header included. */
  size: number;
}

export interface BoxScan {
  boxes: BoxHeader[];
  fileSize: number;
  /** Where the last box ends: past fileSize when the file is cut short. */
  end: number;
  /** A header that is not a box header (garbage, or an HTML error page saved as a segment). */
  garbage: boolean;
}

/** Box types are four printable ASCII characters. */
const BOX_TYPE = /^[\x20-\x7e]{4}$/;
/** What an init segment or a media segment starts with; anything else is not one (text, HTML, garbage). */
const FIRST_BOXES = new Set(['ftyp', 'styp', 'sidx', 'moov', 'moof', 'emsg', 'prft', 'free', 'skip']);
/** More top-level boxes than any segment has: stop scanning rather than walk a corrupt file forever. */
const MAX_BOXES = 4096;

/**
 * The header of the box starting at `offset` (16 bytes from there, fewer at the end of the file), or
 * null when the bytes are not a box header. A size of 0 means "to the end of the file". Pure.
 */
export function parseBoxHeader(bytes: Uint8Array, offset: number, fileSize: number): BoxHeader | null {
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  if (!BOX_TYPE.test(type)) return null;
  let size = view.getUint32(0);
  if (size === 1) {
    if (bytes.length < 16) return null;
    size = Number(view.getBigUint64(8));
    if (size < 16) return null;
  } else if (size === 0) {
    size = fileSize - offset;
  }
  return size >= 8 ? { type, size } : null;
}

/** Why a downloaded init segment or media segment cannot be joined, or null when its boxes look right. Pure. */
export function fmp4FileProblem(scan: BoxScan, kind: 'init' | 'segment'): string | null {
  if (scan.fileSize === 0) return 'it is empty';
  const first = scan.boxes[0];
  if (!first || !FIRST_BOXES.has(first.type)) return 'it is not an MP4 file';
  if (scan.garbage) return `it holds something other than MP4 boxes from byte ${scan.end} on`;
  if (scan.end > scan.fileSize) return `it is cut short (${scan.fileSize} of ${scan.end} bytes)`;
  const types = scan.boxes.map((b) => b.type);
  if (kind === 'init') return types.includes('moov') ? null : 'it has no movie header (moov)';
  const moof = types.indexOf('moof');
  if (moof < 0) return 'it has no fragment (moof)';
  if (!types.includes('mdat', moof)) return 'its fragment has no media data (mdat)';
  return null;
}

/** Reads the top-level box headers of a file. */
export async function scanBoxes(path: string): Promise<BoxScan> {
  const file = await open(path, 'r');
  try {
    const fileSize = (await file.stat()).size;
    const boxes: BoxHeader[] = [];
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset < fileSize && boxes.length < MAX_BOXES) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      const box = parseBoxHeader(header.subarray(0, bytesRead), offset, fileSize);
      if (!box) return { boxes, fileSize, end: offset, garbage: true };
      boxes.push(box);
      offset += box.size;
    }
    return { boxes, fileSize, end: offset, garbage: false };
  } finally {
    await file.close();
  }
}
