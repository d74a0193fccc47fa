import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../main/core/chat/message';
import {
  BROKEN_ALLOWANCE,
  brokenLine,
  headLines,
  IGNORED,
  LEADING_BROKEN_LIMIT,
  MAX_LINE_CHARS,
  parseLines,
  skipLine,
  tooManyBroken,
  type LineOutcome,
} from '../../../../main/core/chat/formats/lineFormat';
import { ChatSyntaxError } from '../../../../main/core/chat/formats/types';

// A toy format: "<sec> <text>" is a message, "skip" is skipped, "ping" ignored, anything else broken.
const toyLine = (line: string): LineOutcome => {
  if (line === 'skip') return skipLine('a skipped item');
  if (line === 'ping') return IGNORED;
  const m = /^(\d+) (.*)$/.exec(line);
  return m ? { offsetSec: Number(m[1]), author: 'a', text: m[2]!, emotes: [] } : brokenLine(`bad "${line}"`);
};

async function run(chunks: (string | Buffer)[], batchSize = 3) {
  const skips: string[] = [];
  const batches: ChatMessage[][] = [];
  const input = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  for await (const b of parseLines(input, { batchSize, skip: (r) => skips.push(r) }, { expected: 'a toy log', createLineParser: () => toyLine })) {
    batches.push(b);
  }
  return { batches, messages: batches.flat(), skips };
}

async function refusal(chunks: string[]): Promise<ChatSyntaxError> {
  try {
    await run(chunks);
  } catch (error) {
    expect(error).toBeInstanceOf(ChatSyntaxError);
    return error as ChatSyntaxError;
  }
  throw new Error('expected a refusal');
}

describe('tooManyBroken', () => {
  it('refuses a file whose first lines are all broken, and only then', () => {
    for (let b = 0; b < LEADING_BROKEN_LIMIT; b++) expect(tooManyBroken(b, b, 0)).toBe(false);
    expect(tooManyBroken(LEADING_BROKEN_LIMIT, LEADING_BROKEN_LIMIT, 0)).toBe(true);
  });
  it('allows a few broken lines in a good file, whatever its size, but not a large share', () => {
    expect(tooManyBroken(BROKEN_ALLOWANCE, BROKEN_ALLOWANCE + 1, 1)).toBe(false); // within the allowance
    expect(tooManyBroken(BROKEN_ALLOWANCE + 1, 1000, 979)).toBe(false); // 2.1 % of a big file
    expect(tooManyBroken(BROKEN_ALLOWANCE + 1, 400, 379)).toBe(true); // over 5 %
    expect(tooManyBroken(60, 1_000_000, 999_940)).toBe(false);
    expect(tooManyBroken(60_000, 1_000_000, 940_000)).toBe(true);
  });
});

describe('parseLines', () => {
  it('splits lines across chunks (also inside a UTF-8 character), batches, and handles CRLF, BOM, blanks and a last line without newline', async () => {
    const text = '\uFEFF1 a\r\n\n2 zoë😂\r\n   \nping\n3 c\nskip\n4 d\n5 e';
    const bytes = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 5) chunks.push(bytes.subarray(i, i + 5));
    const { batches, messages, skips } = await run(chunks, 2);
    expect(messages.map((m) => [m.offsetSec, m.text])).toEqual([[1, 'a'], [2, 'zoë😂'], [3, 'c'], [4, 'd'], [5, 'e']]);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(skips).toEqual(['a skipped item']);
  });

  it('skips and counts a few broken lines in a good file', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => (i % 10 === 5 ? 'garbage' : `${i} ok`));
    const { messages, skips } = await run([lines.join('\n')]);
    expect(messages).toHaveLength(90);
    expect(skips).toEqual(Array(10).fill('bad "garbage"'));
  });

  it('refuses a file that is not this format, naming its first line', async () => {
    const error = await refusal(['\n', ...Array.from({ length: 12 }, (_, i) => `not toy ${i}\n`), '1 late\n']);
    expect(error.line).toBe(2);
    expect(error.message).toBe('this is not a toy log: bad "not toy 0"');
  });

  it('refuses a short file where no line is this format', async () => {
    const error = await refusal(['x\ny\n']);
    expect(error.line).toBe(1);
  });

  it('refuses a file that goes bad, at the line where broken lines become too many', async () => {
    const good = Array.from({ length: 100 }, (_, i) => `${i} ok`);
    const bad = Array.from({ length: 100 }, () => 'zzz');
    const error = await refusal([[...good, ...bad].join('\n')]);
    // 21 broken of 121 lines is over 5 %: refused at line 121.
    expect(error.line).toBe(121);
    expect(error.message).toContain('21 of its first 121 lines are broken');
  });

  it('refuses an absurdly long line instead of buffering it', async () => {
    const big = 'x'.repeat(MAX_LINE_CHARS + 10);
    const error = await refusal(['1 ok\n', big.slice(0, 600_000), big.slice(600_000)]);
    expect(error.line).toBe(2);
    expect(error.message).toContain('longer than');
  });

  it('stops with CANCELLED when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    const input = Readable.from([Buffer.from('1 a\n')]);
    const parse = parseLines(input, { batchSize: 2, signal: controller.signal, skip: () => undefined }, { expected: 'x', createLineParser: () => toyLine });
    await expect(parse.next()).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('headLines', () => {
  it('returns the first non-blank lines and drops a piece the head may have cut', () => {
    expect(headLines(Buffer.from('\uFEFFa\r\n\n b\nc'))).toEqual(['a', ' b']);
    expect(headLines(Buffer.from('only line'))).toEqual(['only line']);
    expect(headLines(Buffer.from(Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n')), 3)).toEqual(['l0', 'l1', 'l2']);
  });
});
