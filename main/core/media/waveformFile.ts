// The waveform cache in the library folder: one file per media, `cache/waveform/media-<id>.peaks`,
// a JSON header line saying which file (path, size, mtime) it was read from, then the peaks as
// little-endian uint16 (0..65535 for 0..1; 400 KB at most). A file whose size or mtime changed no
// longer matches its header, so it is read again. Written under a temporary name and renamed, so a
// reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Waveform } from '../../../preload/contract';
import { sameStamp, type FileStamp } from './fileStamp';
import type { WaveformPeaks } from './waveform';

export const WAVEFORM_CACHE_DIR = join('cache', 'waveform');
const VERSION = 1;
const FULL = 65535;

interface Header extends FileStamp {
  version: number;
  binSec: number;
  durationSec: number;
  bins: number;
}

export function waveformFilePath(dataDir: string, mediaId: number): string {
  return join(dataDir, WAVEFORM_CACHE_DIR, `media-${mediaId}.peaks`);
}

export async function writeWaveformFile(file: string, stamp: FileStamp, waveform: WaveformPeaks): Promise<void> {
  const header: Header = { version: VERSION, ...stamp, binSec: waveform.binSec, durationSec: waveform.durationSec, bins: waveform.peaks.length };
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  const body = Buffer.alloc(waveform.peaks.length * 2);
  waveform.peaks.forEach((v, i) => body.writeUInt16LE(Math.round(Math.min(1, Math.max(0, v)) * FULL), i * 2));
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, Buffer.concat([head, body]));
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

/** The cached waveform when the file exists and was made from exactly `stamp`; else null. */
export async function readWaveformFile(file: string, stamp: FileStamp): Promise<Waveform | null> {
  const data = await readFile(file).catch(() => null);
  if (!data) return null;
  const eol = data.indexOf(0x0a);
  if (eol < 0) return null;
  let header: Header;
  try {
    header = JSON.parse(data.subarray(0, eol).toString('utf8')) as Header;
  } catch {
    return null;
  }
  const fresh = header.version === VERSION && sameStamp(header, stamp);
  if (!fresh || data.length !== eol + 1 + header.bins * 2) return null;
  const peaks = new Array<number>(header.bins);
  // Three decimals: finer than a pixel, and a third of the JSON of full floats.
  for (let i = 0; i < header.bins; i++) peaks[i] = Math.round((data.readUInt16LE(eol + 1 + i * 2) / FULL) * 1000) / 1000;
  return { binSec: header.binSec, peaks, durationSec: header.durationSec };
}

/** Removes temporary files a killed write left for this media. */
export async function removeWaveformLeftovers(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `${file.slice(dir.length + 1)}.partial-`;
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(dir, n), { force: true })));
}
