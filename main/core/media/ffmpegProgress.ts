// Parses what ffmpeg writes with `-progress pipe:1 -nostats`: blocks of key=value lines, each block
// ending with `progress=continue` or `progress=end`. Pure, so it is tested on recorded samples.

export interface FfmpegProgress {
  /** Output time reached so far in seconds, null while ffmpeg does not know it yet ("N/A", negative). */
  outTimeSec: number | null;
  /** Processing speed as a multiple of real time ("8.2x" -> 8.2), null when unknown. */
  speed: number | null;
  /** True on the last block (`progress=end`). */
  done: boolean;
}

/** One block's key=value pairs -> progress. Keys ffmpeg did not write (or wrote as N/A) give null. */
export function progressFromFields(fields: ReadonlyMap<string, string>): FfmpegProgress {
  return {
    outTimeSec: outTimeFromFields(fields),
    speed: parseSpeed(fields.get('speed')),
    done: fields.get('progress') === 'end',
  };
}

function outTimeFromFields(fields: ReadonlyMap<string, string>): number | null {
  // out_time_ms is in microseconds too (a long-standing ffmpeg naming bug), so both divide by 1e6.
  for (const key of ['out_time_us', 'out_time_ms']) {
    const raw = fields.get(key);
    if (raw !== undefined && /^\d+$/.test(raw.trim())) return Number(raw.trim()) / 1e6;
  }
  return parseClock(fields.get('out_time'));
}

/** "HH:MM:SS.micro" -> seconds; null for N/A or the negative values ffmpeg prints before the first frame. */
export function parseClock(raw: string | undefined): number | null {
  const match = raw?.trim().match(/^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

export function parseSpeed(raw: string | undefined): number | null {
  const match = raw?.trim().match(/^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)x$/i);
  if (!match) return null;
  const speed = Number(match[1]);
  return Number.isFinite(speed) && speed > 0 ? speed : null;
}

/**
 * Incremental reader: feed stdout chunks as they arrive (they split lines anywhere) and get one
 * FfmpegProgress per completed block.
 */
export function createProgressReader(): { push(chunk: string): FfmpegProgress[] } {
  let pending = '';
  let fields = new Map<string, string>();
  return {
    push(chunk) {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      const out: FfmpegProgress[] = [];
      for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq <= 0) continue;
        const key = line.slice(0, eq).trim();
        fields.set(key, line.slice(eq + 1).trim());
        if (key === 'progress') {
          out.push(progressFromFields(fields));
          fields = new Map();
        }
      }
      return out;
    },
  };
}
