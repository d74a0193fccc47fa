// What a chat download has received so far, kept on disk so a download cut short (app closed, network
// gone, cancelled) goes on from there instead of paging a 500k-comment chat from the start again. One
// JSON line per page: the page's new comments and the stretch of the timeline now complete. Appending
// is cheap and a line cut short by a crash is simply not read back (its page is asked again).
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AppError } from '../errors';
import type { VodComment } from './types';

/** [fromSec, toSec) of the timeline whose comments are all saved; toSec may be Infinity (to the end). */
export interface CoveredSpan {
  fromSec: number;
  toSec: number;
}

export interface SavedChat {
  comments: VodComment[];
  covered: CoveredSpan[];
}

export interface ChatCheckpoint {
  /** What earlier runs saved; empty when there is nothing (or nothing readable). */
  load(): Promise<SavedChat>;
  /** Saves a page's new comments and the span its slice has completed (in this order, one write). */
  save(comments: readonly VodComment[], covered: CoveredSpan): Promise<void>;
  /** Closes the file, keeping it for the next run. */
  close(): Promise<void>;
  /** Closes and deletes it: the download is complete and written elsewhere. */
  remove(): Promise<void>;
}

interface Line {
  from: number;
  /** null for Infinity (JSON has none). */
  to: number | null;
  comments: VodComment[];
}

function isLine(value: unknown): value is Line {
  const v = value as Partial<Line> | null;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.from === 'number' && (v.to === null || typeof v.to === 'number') && Array.isArray(v.comments) &&
    v.comments.every((c) => typeof c?.id === 'string' && typeof c.offsetSec === 'number' && Array.isArray(c.fragments))
  );
}

export function fileChatCheckpoint(path: string): ChatCheckpoint {
  let handle: FileHandle | null = null;
  // Writes go one after another, so lines never interleave.
  let writes: Promise<void> = Promise.resolve();

  return {
    async load() {
      const saved: SavedChat = { comments: [], covered: [] };
      const input = createReadStream(path, { encoding: 'utf8' });
      const missing = new Promise<boolean>((resolve) => {
        input.once('error', () => resolve(true));
        input.once('open', () => resolve(false));
      });
      if (await missing) return saved;
      for await (const text of createInterface({ input, crlfDelay: Infinity })) {
        let line: unknown;
        try {
          line = JSON.parse(text);
        } catch {
          continue; // cut short by a crash: that page is asked again
        }
        if (!isLine(line)) continue;
        saved.comments.push(...line.comments);
        saved.covered.push({ fromSec: line.from, toSec: line.to ?? Infinity });
      }
      return saved;
    },

    save(comments, covered) {
      const line: Line = { from: covered.fromSec, to: Number.isFinite(covered.toSec) ? covered.toSec : null, comments: [...comments] };
      const text = `${JSON.stringify(line)}\n`;
      writes = writes.then(async () => {
        try {
          handle ??= await open(path, 'a');
          await handle.write(text);
        } catch (cause) {
          const reason = cause instanceof Error ? cause.message : String(cause);
          throw new AppError('OUTPUT_UNWRITABLE', `Cannot save the chat download's progress in "${path}": ${reason}`, { cause });
        }
      });
      return writes;
    },

    async close() {
      await writes.catch(() => undefined);
      await handle?.close();
      handle = null;
    },

    async remove() {
      await this.close();
      await rm(path, { force: true });
    },
  };
}
