// Finds the chat file people keep next to a downloaded VOD, so opening the video brings its chat.
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { detectFormat } from './formats';
import { readChatHead } from './importChat';

/**
 * Names tried, best first, for a video whose name without extension is `base`: what TwitchDownloader,
 * chat-downloader and yt-dlp (`.live_chat.json`) write, and text logs; each also gzip-compressed.
 */
export function siblingChatNames(base: string): string[] {
  const names = ['.chat.json', '.json', '.live_chat.json', '.chat.jsonl', '.jsonl', '.chat.txt', '.chat.log', '.txt', '.log'];
  return names.flatMap((suffix) => [`${base}${suffix}`, `${base}${suffix}.gz`]);
}

/**
 * The chat file beside `videoPath` with the same base name (in the order of siblingChatNames), or null. Names match case-insensitively (Windows and macOS users'
 * files), and a candidate counts only when its content sniffs as a known chat format.
 */
export async function findSiblingChat(videoPath: string): Promise<string | null> {
  const dir = dirname(videoPath);
  const base = basename(videoPath, extname(videoPath));
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return null;
  }
  const videoName = basename(videoPath);
  const byLowerName = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry === videoName) continue;
    const key = entry.toLowerCase();
    byLowerName.set(key, [...(byLowerName.get(key) ?? []), entry]);
  }
  for (const wanted of siblingChatNames(base)) {
    const found = byLowerName.get(wanted.toLowerCase()) ?? [];
    // An exact-case match first when a case-sensitive file system holds several.
    found.sort((a, b) => Number(b === wanted) - Number(a === wanted));
    for (const entry of found) {
      const candidate = join(dir, entry);
      try {
        const { head } = await readChatHead(candidate);
        if (detectFormat(head)) return candidate;
      } catch {
        // Unreadable or a folder: not the chat we are looking for.
      }
    }
  }
  return null;
}
