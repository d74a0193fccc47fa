// How a looked-up VOD is described before it is opened: quality names and the one picked by default.
import type { VodPreview, VodQuality } from '../../../preload/contract';
import { formatClock } from '../format';

/** "1080p60 (source)", "720p60" */
export function qualityLabel(quality: VodQuality): string {
  return quality.source ? `${quality.name} (source)` : quality.name;
}

/** The source quality when Twitch marks one, else the first (best) listed, else none (core's default). */
export function defaultQualityId(preview: VodPreview): string | null {
  return (preview.qualities.find((q) => q.source) ?? preview.qualities[0])?.id ?? null;
}

/** "1:02:03", or a word when Twitch has not measured the VOD yet (lengthSec 0). */
export function vodLength(preview: Pick<VodPreview, 'lengthSec'>): string {
  return preview.lengthSec > 0 ? formatClock(preview.lengthSec) : 'length not known yet';
}

/** A stored quality id for display: Twitch calls the source group "chunked". */
export function qualityName(id: string): string {
  return id === 'chunked' ? 'source' : id;
}
