// Every chat format Highlighter reads, in sniffing order. Adding a format = adding its module here.
import { twitchDownloaderFormat } from './twitchDownloader';
import type { ChatFormat } from './types';

export const chatFormats: readonly ChatFormat[] = [twitchDownloaderFormat];

/** The format whose sniff accepts these first (decompressed) bytes, or null. */
export function detectFormat(head: Buffer): ChatFormat | null {
  for (const format of chatFormats) {
    try {
      if (format.sniff(head)) return format;
    } catch {
      // A sniffer must not throw; if one does, it simply does not claim the file.
    }
  }
  return null;
}

/** "A, B or C" for messages that list what the user may give us. */
export function acceptedFormatsText(): string {
  const labels = chatFormats.map((f) => f.label);
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}
