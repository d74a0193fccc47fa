// What every line-based chat format shares: splitting the byte stream into lines without holding
// the file, batching, counting broken lines, and deciding when a file is not this format after all.
// A format only says what one line means.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { throwIfCancelled } from '../../errors';
import type { ChatMessage } from '../message';
import { ChatSyntaxError, type ChatParseContext } from './types';

/** What a line is when it is not a message. */
export class LineNote {
  constructor(
    /** ignore: valid for the format but not chat (PING, a ticker); skip: chat we leave out (counted);
     *  broken: not a line of this format (counted, and too many refuse the file). */
    readonly kind: 'ignore' | 'skip' | 'broken',
    readonly reason: string,
  ) {}
}

export const IGNORED = new LineNote('ignore', '');
export const skipLine = (reason: string): LineNote => new LineNote('skip', reason);
export const brokenLine = (reason: string): LineNote => new LineNote('broken', reason);

/** One line's meaning: a message, several (a YouTube line can carry more than one), or a note. */
export type LineOutcome = ChatMessage | ChatMessage[] | LineNote;

export interface LineFormatSpec {
  /** Completes "this is not …", e.g. 'a chat-downloader JSON Lines file'. */
  expected: string;
  /**
   * A fresh line reader for one parse (it may keep state, e.g. the first message's time). It gets
   * lines without the newline, CR or BOM, never blank; `skip` counts items inside a line.
   */
  createLineParser(skip: (reason: string) => void): (line: string) => LineOutcome;
}

/** Broken lines before the first good one after which the file is refused. */
export const LEADING_BROKEN_LIMIT = 10;
/** A good file may have this many broken lines whatever its share… */
export const BROKEN_ALLOWANCE = 20;
/** …and beyond that at most this share of its lines. */
export const BROKEN_SHARE_LIMIT = 0.05;
/** No chat line is this long; a longer one means the file is not line-based (or is damaged). */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * The refusal rule, pure so it is tested exhaustively: refuse when the first LEADING_BROKEN_LIMIT
 * lines are all broken, or when broken lines are more than BROKEN_ALLOWANCE and more than
 * BROKEN_SHARE_LIMIT of the lines so far. `lines` counts non-blank lines including `broken`.
 */
export function tooManyBroken(broken: number, lines: number, good: number): boolean {
  if (good === 0) return broken >= LEADING_BROKEN_LIMIT;
  return broken > BROKEN_ALLOWANCE && broken > lines * BROKEN_SHARE_LIMIT;
}

export async function* parseLines(
  input: Readable,
  ctx: ChatParseContext,
  spec: LineFormatSpec,
): AsyncGenerator<ChatMessage[]> {
  const parseLine = spec.createLineParser(ctx.skip);
  const decoder = new StringDecoder('utf8');
  let batch: ChatMessage[] = [];
  let lineNo = 0;
  let lines = 0;
  let good = 0;
  let broken = 0;
  let firstBroken: { line: number; reason: string } | null = null;
  let rest = '';

  // Returns a full batch to yield, or null. Inline in the loops below would repeat it twice.
  const take = (raw: string): ChatMessage[] | null => {
    lineNo++;
    let line = raw;
    if (line.length === 0) return null;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return null;
    lines++;
    const out = parseLine(line);
    if (out instanceof LineNote) {
      if (out.kind !== 'broken') {
        good++;
        if (out.kind === 'skip') ctx.skip(out.reason);
        return null;
      }
      broken++;
      firstBroken ??= { line: lineNo, reason: out.reason };
      if (tooManyBroken(broken, lines, good)) {
        if (good === 0) {
          throw new ChatSyntaxError(`this is not ${spec.expected}: ${firstBroken.reason}`, { line: firstBroken.line });
        }
        throw new ChatSyntaxError(
          `${broken} of its first ${lines} lines are broken, too many for ${spec.expected}; the last: ${out.reason}`,
          { line: lineNo },
        );
      }
      ctx.skip(out.reason);
      return null;
    }
    good++;
    if (Array.isArray(out)) {
      for (const m of out) batch.push(m);
    } else {
      batch.push(out);
    }
    if (batch.length < ctx.batchSize) return null;
    const full = batch;
    batch = [];
    return full;
  };

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    throwIfCancelled(ctx.signal);
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const full = take(text.slice(start, nl));
      start = nl + 1;
      if (full) yield full;
    }
    rest = start === 0 ? text : text.slice(start);
    if (rest.length > MAX_LINE_CHARS) {
      throw new ChatSyntaxError(`a line is longer than ${MAX_LINE_CHARS / (1 << 20)} MB, so this is not ${spec.expected}`, {
        line: lineNo + 1,
      });
    }
  }
  // The last line may lack its newline (or be cut short by a truncated download: then it is broken).
  const full = take(rest + decoder.end());
  if (full) yield full;
  if (good === 0 && firstBroken !== null) {
    const { line, reason } = firstBroken;
    throw new ChatSyntaxError(`this is not ${spec.expected}: ${reason}`, { line });
  }
  if (batch.length > 0) yield batch;
}

/**
 * Up to `max` first non-blank lines of a sniffing head (BOM and CR removed). The last piece is
 * dropped when other lines precede it, since the head may cut it mid-line.
 */
export function headLines(head: Buffer, max = 10): string[] {
  const text = head.subarray(0, 256 * 1024).toString('utf8').replace(/^\uFEFF/, '');
  const pieces = text.split('\n');
  if (pieces.length > 1) pieces.pop();
  const out: string[] = [];
  for (const piece of pieces) {
    const line = piece.endsWith('\r') ? piece.slice(0, -1) : piece;
    if (line.trim() === '') continue;
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

/** Sniff rule shared by line formats: most of the first lines are lines of this format. */
export function mostLinesAre(head: Buffer, isFormatLine: (line: string) => boolean): boolean {
  const lines = headLines(head);
  if (lines.length === 0) return false;
  let yes = 0;
  for (const line of lines) if (isFormatLine(line)) yes++;
  return yes * 2 > lines.length;
}
