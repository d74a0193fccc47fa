// What the export dialog tells before anything runs: which mode will really run, the output's size in
// pixels, its length and a size estimate. The estimate is the source's own bitrate for copied video;
// for re-encoded video it is scaled by the pixels and the quality (x264 roughly halves the bitrate per
// 6 CRF). It is a guide, and the dialog says "about".
import type { ExportMode, ExportSpec, Probe } from '../../../preload/contract';

type Look = Pick<ExportSpec, 'vertical' | 'preset' | 'crossfadeSec' | 'loudnorm'>;

/** Options that need every frame decoded: with them the export runs as accurate. */
export function needsRender(spec: Look): boolean {
  return spec.vertical !== null || spec.preset !== 'source' || spec.crossfadeSec > 0 || spec.loudnorm;
}

export function modeThatRuns(mode: ExportMode, spec: Look): ExportMode {
  return needsRender(spec) ? 'accurate' : mode;
}

export function outputSize(probe: Probe, spec: Look): { width: number; height: number } | null {
  const video = probe.video;
  if (!video) return null;
  if (spec.vertical) return { width: 1080, height: 1920 };
  if (spec.preset === 'source') return { width: video.width, height: video.height };
  const height = Math.min(video.height, spec.preset === '1080p' ? 1080 : 720);
  return { width: Math.round((video.width * height) / video.height / 2) * 2, height };
}

/** The reel's length: the plan's, less what crossfades overlap. */
export function outputLengthSec(planSec: number, rangeCount: number, spec: Pick<ExportSpec, 'crossfadeSec' | 'layout'>): number {
  if (spec.layout === 'clips' || rangeCount < 2) return planSec;
  return Math.max(0, planSec - spec.crossfadeSec * (rangeCount - 1));
}

export function estimatedBytes(probe: Probe, lengthSec: number, mode: ExportMode, spec: Look & Pick<ExportSpec, 'quality'>): number {
  if (!(probe.durationSec > 0)) return 0;
  const sourceBitsPerSec = (probe.sizeBytes * 8) / probe.durationSec;
  const ran = modeThatRuns(mode, spec);
  if (ran !== 'accurate' || !probe.video) return (sourceBitsPerSec * lengthSec) / 8;
  const out = outputSize(probe, spec)!;
  const pixelRatio = (out.width * out.height) / (probe.video.width * probe.video.height);
  const qualityRatio = 2 ** ((20 - spec.quality) / 6);
  return (sourceBitsPerSec * pixelRatio * qualityRatio * lengthSec) / 8;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}
