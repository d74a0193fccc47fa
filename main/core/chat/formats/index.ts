// Every chat format Highlighter reads, in sniffing order. Adding a format = adding its module here.
// The sniffers exclude each other (root object vs array vs JSON Lines by their keys; text lines by
// what opens them), so the order only matters for speed: the common formats first.
import { chatDownloaderArrayFormat, chatDownloaderLinesFormat } from './chatDownloader';
import { relativeTextLogFormat } from './relativeTextLog';
import { twitchDownloaderFormat } from './twitchDownloader';
import { twitchIrcFormat } from './twitchIrc';
import type { ChatFormat } from './types';
import { utcTextLogFormat } from './utcTextLog';
import { youtubeLiveChatFormat } from './youtubeLiveChat';

export const chatFormats: readonly ChatFormat[] = [
  twitchDownloaderFormat,
  youtubeLiveChatFormat,
  chatDownloaderArrayFormat,
  chatDownloaderLinesFormat,
  relativeTextLogFormat,
  utcTextLogFormat,
  twitchIrcFormat,
];

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
