// downloadSegments against a real HTTP server on loopback serving generated MPEG-TS segments: whole
// download byte for byte, resume, real parallelism, a connection dropped mid-body, a stalled body, 404,
// retries running out, cancel mid-way, stale temporary files from a killed run.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { downloadSegments, type SegmentDownloadProgress } from '../../../main/core/twitch/segmentDownload';
import { segmentFileName } from '../../../main/core/twitch/segmentFiles';
import type { VodSegment } from '../../../main/core/twitch/types';
import { makeVodSegments, type GeneratedVod } from '../../fixtures/vodSegments';

/** What the server does with one request; per path, consumed in order, then 'ok' for good. */
type Fault =
  | 'ok'
  /** An error status, answered after `afterMs`. */
  | { status: number; afterMs?: number }
  /** 200 with an empty body. */
  | 'empty'
  /** Sends the headers and half the body, then destroys the socket. */
  | 'drop'
  /** Sends the headers and half the body, then goes silent (the socket stays open). */
  | 'stall';

class SegmentServer {
  readonly requests = new Map<string, number>();
  readonly faults = new Map<string, Fault[]>();
  /** Faults applied to every request of a path, after the queued ones. */
  readonly always = new Map<string, Fault>();
  /** Delay before answering, and between the two halves of each body. */
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  private server!: Server;
  private readonly files = new Map<string, Buffer>();
  private readonly stalled = new Set<ServerResponse>();

  constructor(private readonly vod: GeneratedVod) {}

  async start(): Promise<string> {
    for (const s of this.vod.segments) this.files.set(`/vod/${s.fileName}`, await readFile(s.path));
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.requests.clear();
    this.faults.clear();
    this.always.clear();
    this.delayMs = 0;
    this.maxInFlight = 0;
    for (const res of this.stalled) res.destroy();
    this.stalled.clear();
  }

  requestsFor(fileName: string): number {
    return this.requests.get(`/vod/${fileName}`) ?? 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const fault = this.faults.get(path)?.shift() ?? this.always.get(path) ?? 'ok';
    if (this.delayMs) await sleep(this.delayMs);
    const body = this.files.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    if (typeof fault === 'object') {
      if (fault.afterMs) await sleep(fault.afterMs);
      res.writeHead(fault.status).end(`status ${fault.status}`);
      return;
    }
    if (fault === 'empty') {
      res.writeHead(200, { 'Content-Length': 0 }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Content-Length': body.length });
    const half = Math.floor(body.length / 2);
    res.write(body.subarray(0, half));
    if (fault === 'drop') {
      // Let the first half reach the client before the connection goes.
      await sleep(20);
      res.destroy();
      return;
    }
    if (fault === 'stall') {
      this.stalled.add(res);
      return;
    }
    if (this.delayMs) await sleep(this.delayMs);
    if (!res.destroyed) res.end(body.subarray(half));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let vod: GeneratedVod;
let server: SegmentServer;
let base: string;
let segments: VodSegment[];
let root: string;

beforeAll(async () => {
  vod = await makeVodSegments({ durationSec: 20, segmentSec: 2, mutedIndices: [4], mutedAudio: 'silent' });
  server = new SegmentServer(vod);
  base = await server.start();
  let start = 0;
  segments = vod.segments.map((g) => {
    const s: VodSegment = { index: g.index, uri: g.fileName, url: `${base}/vod/${g.fileName}`, durationSec: g.durationSec, startSec: start, muted: g.muted };
    start += g.durationSec;
    return s;
  });
  root = await mkdtemp(join(tmpdir(), 'hl-segdl-'));
});
afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => server.reset());

let folders = 0;
const freshDir = () => join(root, `run-${++folders}`);
const fast = { baseDelayMs: 5, retries: 3 };
const tempFiles = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.part'));

async function expectIdentical(dir: string, which: readonly VodSegment[] = segments): Promise<void> {
  for (const s of which) {
    const got = await readFile(join(dir, segmentFileName(s)));
    const want = await readFile(vod.segments[s.index]!.path);
    expect(got.equals(want), `segment ${s.index}`).toBe(true);
  }
}

describe('downloadSegments', () => {
  it('downloads every segment byte for byte under its index name, reporting progress', async () => {
    const dir = freshDir();
    const progress: SegmentDownloadProgress[] = [];
    const result = await downloadSegments(segments, dir, { ...fast, onProgress: (p) => progress.push(p) });

    const sizes = await Promise.all(vod.segments.map(async (s) => (await readFile(s.path)).length));
    expect(result).toEqual({ downloaded: segments.length, skipped: 0, bytes: sizes.reduce((a, b) => a + b, 0) });
    await expectIdentical(dir);
    expect((await readdir(dir)).sort()).toEqual(segments.map(segmentFileName).sort());
    const last = progress[progress.length - 1]!;
    expect(last).toMatchObject({ doneSegments: segments.length, totalSegments: segments.length, skippedSegments: 0, bytes: result.bytes });
    // Never backwards, never past the total.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.doneSegments).toBeGreaterThanOrEqual(progress[i - 1]!.doneSegments);
  });

  it('resumes: a second run fetches nothing, and after two files are deleted only those two', async () => {
    const dir = freshDir();
    await downloadSegments(segments, dir, fast);
    const afterFirst = [...server.requests.values()].reduce((a, b) => a + b, 0);
    expect(afterFirst).toBe(segments.length);

    const second = await downloadSegments(segments, dir, fast);
    expect(second).toEqual({ downloaded: 0, skipped: segments.length, bytes: 0 });
    expect([...server.requests.values()].reduce((a, b) => a + b, 0)).toBe(afterFirst);

    server.reset();
    const gone = [segments[2]!, segments[7]!];
    for (const s of gone) await rm(join(dir, segmentFileName(s)));
    const progress: SegmentDownloadProgress[] = [];
    const third = await downloadSegments(segments, dir, { ...fast, onProgress: (p) => progress.push(p) });
    expect(third.downloaded).toBe(2);
    expect(third.skipped).toBe(segments.length - 2);
    expect([...server.requests.keys()].sort()).toEqual(gone.map((s) => `/vod/${s.uri}`).sort());
    expect(progress[0]).toMatchObject({ doneSegments: segments.length - 2, skippedSegments: segments.length - 2 });
    await expectIdentical(dir);
  });

  it('keeps `concurrency` requests in flight at once, no more', async () => {
    server.delayMs = 60;
    await downloadSegments(segments, freshDir(), { ...fast, concurrency: 4 });
    expect(server.maxInFlight).toBe(4);

    server.reset();
    server.delayMs = 30;
    await downloadSegments(segments.slice(0, 4), freshDir(), { ...fast, concurrency: 1 });
    expect(server.maxInFlight).toBe(1);
  });

  it('retries a connection dropped mid-body and ends with the whole file', async () => {
    const dir = freshDir();
    const victim = segments[3]!;
    server.faults.set(`/vod/${victim.uri}`, ['drop', 'drop']);
    const result = await downloadSegments(segments, dir, fast);
    expect(result.downloaded).toBe(segments.length);
    expect(server.requestsFor(victim.uri)).toBe(3);
    await expectIdentical(dir);
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('retries a body that stalls longer than timeoutMs', async () => {
    const dir = freshDir();
    const victim = segments[5]!;
    server.faults.set(`/vod/${victim.uri}`, ['stall']);
    const started = Date.now();
    await downloadSegments(segments, dir, { ...fast, timeoutMs: 300 });
    expect(server.requestsFor(victim.uri)).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await expectIdentical(dir, [victim]);
  });

  it('retries 5xx and 429 answers, and an empty body', async () => {
    const dir = freshDir();
    server.faults.set(`/vod/${segments[1]!.uri}`, [{ status: 503 }, { status: 429 }]);
    server.faults.set(`/vod/${segments[2]!.uri}`, ['empty']);
    await downloadSegments(segments, dir, fast);
    expect(server.requestsFor(segments[1]!.uri)).toBe(3);
    expect(server.requestsFor(segments[2]!.uri)).toBe(2);
    await expectIdentical(dir, segments.slice(1, 3));
  });

  it('fails at once on 404 with a clear error, stopping the others and leaving no temporary file', async () => {
    const dir = freshDir();
    server.delayMs = 40;
    const missing: VodSegment = { ...segments[6]!, uri: 'gone.ts', url: `${base}/vod/gone.ts` };
    const list = segments.map((s) => (s.index === missing.index ? missing : s));
    const error = await downloadSegments(list, dir, { ...fast, concurrency: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VOD_NOT_FOUND');
    expect((error as AppError).message).toMatch(/HTTP 404/);
    expect((error as AppError).message).not.toMatch(/\?/);
    expect(server.requestsFor('gone.ts')).toBe(1);
    expect(await tempFiles(dir)).toEqual([]);
    // Segments after the failure were never requested: the pool stopped.
    expect(server.requestsFor(segments[segments.length - 1]!.uri)).toBe(0);
  });

  it('gives up after `retries` with a NETWORK error that says the download can be resumed', async () => {
    const dir = freshDir();
    server.always.set(`/vod/${segments[2]!.uri}`, { status: 502 });
    const error = await downloadSegments(segments, dir, { baseDelayMs: 1, retries: 2 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('NETWORK');
    expect((error as AppError).message).toMatch(/resume/i);
    expect(server.requestsFor(segments[2]!.uri)).toBe(3);
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('a final failure aborts the bodies other workers are in the middle of', async () => {
    const dir = freshDir();
    server.always.set(`/vod/${segments[0]!.uri}`, 'stall');
    server.always.set(`/vod/${segments[1]!.uri}`, 'stall');
    server.always.set(`/vod/${segments[2]!.uri}`, { status: 404, afterMs: 100 });
    const started = Date.now();
    // The default stall timeout (30 s) would make this test time out if the stalled reads were not cut.
    const error = await downloadSegments(segments, dir, { ...fast, concurrency: 3 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('VOD_NOT_FOUND');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await tempFiles(dir)).toEqual([]);
    await waitFor(() => server.inFlight === 0);
  });

  it('403 is final too, and stops workers whose bodies have arrived but are not read yet', async () => {
    const dir = freshDir();
    server.always.set(`/vod/${segments[1]!.uri}`, { status: 403 });
    const error = await downloadSegments(segments, dir, { ...fast, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect((error as AppError).message).toMatch(/HTTP 403/);
    expect(server.requestsFor(segments[1]!.uri)).toBe(1);
    expect(await tempFiles(dir)).toEqual([]);
  }, 10_000);

  it('cancel mid-way stops every request in flight and removes the temporary files', async () => {
    const dir = freshDir();
    server.delayMs = 150;
    const controller = new AbortController();
    // Cancel while several bodies are half-written (the server pauses between the halves).
    const pending = downloadSegments(segments, dir, { ...fast, concurrency: 3, signal: controller.signal });
    await waitFor(async () => (await tempFiles(dir).catch(() => [])).length > 0);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELLED');
    expect(await tempFiles(dir)).toEqual([]);
    await waitFor(async () => server.inFlight === 0);
    expect(server.inFlight).toBe(0);
    // Nothing was started after the cancel.
    const requested = [...server.requests.values()].reduce((a, b) => a + b, 0);
    await sleep(200);
    expect([...server.requests.values()].reduce((a, b) => a + b, 0)).toBe(requested);
  });

  it('removes temporary files a killed run left behind, and redownloads that segment', async () => {
    const dir = freshDir();
    await downloadSegments(segments.slice(0, 2), dir, fast);
    const name = segmentFileName(segments[2]!);
    await writeFile(join(dir, `${name}.part`), 'half a segment');
    await writeFile(join(dir, `${segmentFileName(segments[9]!)}.part`), 'stale');
    // Not a segment's: a join writing its output into the same folder.
    await writeFile(join(dir, '.export.mp4.1a2b.part'), 'in progress');
    const result = await downloadSegments(segments.slice(0, 3), dir, fast);
    expect(result).toMatchObject({ downloaded: 1, skipped: 2 });
    expect(await tempFiles(dir)).toEqual(['.export.mp4.1a2b.part']);
    await expectIdentical(dir, segments.slice(0, 3));
  });

  it('an already aborted signal does nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await downloadSegments(segments, freshDir(), { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELLED');
    expect(server.requests.size).toBe(0);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await sleep(5);
  }
}
