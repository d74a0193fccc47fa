// Progress details as the jobs panel and the CLI show them: bytes or messages, rate, and counts.

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function segmentDetail(p: { doneSegments: number; totalSegments: number; bytes: number; bytesPerSec: number | null }): string {
  const rate = p.bytesPerSec ? ` · ${formatBytes(p.bytesPerSec)}/s` : '';
  return `${formatCount(p.doneSegments)} of ${formatCount(p.totalSegments)} segments · ${formatBytes(p.bytes)}${rate}`;
}

export function chatDetail(p: { messages: number; messagesPerSec: number | null }): string {
  const rate = p.messagesPerSec ? ` · ${formatCount(p.messagesPerSec)}/s` : '';
  return `${formatCount(p.messages)} messages${rate}`;
}
