// Streams the elements of one top-level JSON array, each parsed on its own with JSON.parse. A byte
// scanner finds where each element ends (tracking strings and nesting only), which is several times
// faster than a token-level streaming parser and keeps memory to one element.
import type { Readable } from 'node:stream';
import { throwIfCancelled } from '../../errors';
import { ChatSyntaxError } from './types';

/** No chat item is this big; a bigger one means the file is not a chat array. */
export const MAX_ELEMENT_BYTES = 16 << 20;

// Scanner states (plain numbers: the state also changes inside the element-finishing closure).
const BEFORE_ARRAY = 0;
const BEFORE_ELEMENT = 1;
const IN_ELEMENT = 2;
const AFTER_ELEMENT = 3;
const AFTER_ARRAY = 4;

function oddBackslashesBefore(buf: Buffer, at: number): boolean {
  let n = 0;
  for (let k = at - 1; buf[k] === 0x5c; k--) n++;
  return (n & 1) === 1;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Yields the parsed elements of each chunk's worth of input (an array per chunk, so the caller's
 * loop stays synchronous per element). Errors are ChatSyntaxError with the byte offset.
 */
export async function* jsonArrayElements(input: Readable, signal?: AbortSignal): AsyncGenerator<unknown[]> {
  let state: number = BEFORE_ARRAY;
  let depth = 0;
  let inString = false;
  /** Bytes of the input before `buf[0]`. */
  let base = 0;
  let carry: Buffer | null = null;
  let elementStart = -1;

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    throwIfCancelled(signal);
    let buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let i = 0;
    if (carry !== null) {
      i = carry.length; // resume scanning where the previous chunk ended
      buf = Buffer.concat([carry, buf]);
      carry = null;
    }
    const out: unknown[] = [];
    const end = buf.length;
    const fail = (message: string, at: number): ChatSyntaxError => new ChatSyntaxError(message, { byteOffset: base + at });
    const finishElement = (to: number): void => {
      const text = buf.toString('utf8', elementStart, to);
      try {
        out.push(JSON.parse(text));
      } catch (error) {
        throw new ChatSyntaxError('the JSON is broken', { byteOffset: base + elementStart, cause: error });
      }
      elementStart = -1;
      state = AFTER_ELEMENT;
    };

    for (; i < end; i++) {
      const c = buf[i]!;
      if (state === IN_ELEMENT) {
        if (inString) {
          // Jump to the closing quote (memchr); a quote after an odd run of backslashes is escaped.
          // The run lies inside this element, which the carried buffer holds whole.
          let q = buf.indexOf(0x22, i);
          while (q !== -1 && oddBackslashesBefore(buf, q)) q = buf.indexOf(0x22, q + 1);
          if (q === -1) break; // the string goes on in the next chunk
          inString = false;
          i = q;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            // `]` right after a scalar element ends the array.
            finishElement(i);
            i--;
          } else if (--depth === 0) finishElement(i + 1);
        } else if (depth === 0 && (c === 0x2c || isSpace(c))) {
          finishElement(i);
          i--;
        }
        continue;
      }
      if (isSpace(c)) continue;
      switch (state) {
        case BEFORE_ARRAY:
          if (base + i < 3 && c === [0xef, 0xbb, 0xbf][base + i]) break; // UTF-8 BOM, maybe split across chunks
          if (c !== 0x5b) throw fail('this is not a JSON array', i);
          state = BEFORE_ELEMENT;
          break;
        case BEFORE_ELEMENT:
          if (c === 0x5d) {
            state = AFTER_ARRAY;
            break;
          }
          if (c === 0x2c) throw fail('the JSON is broken (an empty element)', i);
          elementStart = i;
          state = IN_ELEMENT;
          depth = 0;
          i--; // the opening byte is handled by the element scanner
          break;
        case AFTER_ELEMENT:
          if (c === 0x2c) state = BEFORE_ELEMENT;
          else if (c === 0x5d) state = AFTER_ARRAY;
          else throw fail('the JSON is broken (expected "," or "]")', i);
          break;
        case AFTER_ARRAY:
          throw fail('there is data after the end of the JSON array', i);
      }
    }

    if (state === IN_ELEMENT) {
      if (end - elementStart > MAX_ELEMENT_BYTES) {
        throw fail(`an item is larger than ${MAX_ELEMENT_BYTES >> 20} MB, so this is not a chat file`, elementStart);
      }
      carry = buf.subarray(elementStart);
      base += elementStart;
      elementStart = 0;
    } else {
      base += end;
    }
    if (out.length > 0) yield out;
  }

  if (state !== AFTER_ARRAY) {
    throw new ChatSyntaxError('the JSON ends early', { byteOffset: base + (carry?.length ?? 0), truncated: true });
  }
}
