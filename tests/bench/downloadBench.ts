// Twitch download speed against the fake Twitch with 20–50 ms added to every request (a nearby CDN):
// chat paged as 4 time slices side by side vs one cursor chain, and segments fetched by 6 workers vs 1.
// Both strategies run in the same process against the same server, so the ratio is what the
// concurrency buys; the comment and segment counts say what was moved. Results are checked (every
// comment once, every segment present), because a fast wrong download counts for nothing. The chat is
// also run the way the app runs it, saving every page to a checkpoint file, and stopped half-way and
// resumed from it: the requests that saves against starting over.
// Run alone: node --import tsx tests/bench/downloadBench.ts
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileChatCheckpoint } from '../../main/core/twitch/chatCheckpoint';
import { downloadVodChat } from '../../main/core/twitch/chatDownload';
import { GqlClient } from '../../main/core/twitch/gql';
import { fetchMediaPlaylist, fetchVariants } from '../../main/core/twitch/playback';
import { chooseVariant } from '../../main/core/twitch/playlists';
import { downloadSegments } from '../../main/core/twitch/segmentDownload';
import { makeComments, startFakeTwitch } from '../fixtures/fakeTwitch';

const DELAY_MS: [number, number] = [20, 50];
const CHAT_HOURS = 4;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [Math.round(performance.now() - started), value];
}

export async function benchDownload() {
  const lengthSec = CHAT_HOURS * 3600;
  const comments = makeComments({ durationSec: lengthSec, perSec: 0.7, seed: 11 });
  const fake = await startFakeTwitch({
    vods: [
      { id: '9001', lengthSeconds: lengthSec, comments },
      { id: '9002', segments: { durationSec: 240, segmentSec: 2, width: 640, height: 360 } },
    ],
    requestDelayMs: DELAY_MS,
  });
  const work = await mkdtemp(join(tmpdir(), 'hl-bench-dl-'));
  try {
    const client = new GqlClient({ gqlUrl: fake.gqlUrl, usherUrl: fake.usherUrl });

    const chatRun = async (slices: number) => {
      fake.reset();
      const [ms, got] = await timed(() => downloadVodChat(client, '9001', { lengthSec, slices }));
      if (got.length !== comments.length || new Set(got.map((c) => c.id)).size !== comments.length) {
        throw new Error(`chat with ${slices} slices returned ${got.length} of ${comments.length} comments`);
      }
      return { ms, requests: fake.commentRequests() };
    };
    const oneChain = await chatRun(1);
    const sliced = await chatRun(4);

    // As the app runs it: every page appended to a checkpoint file.
    const checkpointPath = join(work, 'chat.partial.jsonl');
    fake.reset();
    const saving = fileChatCheckpoint(checkpointPath);
    const [checkpointMs] = await timed(() => downloadVodChat(client, '9001', { lengthSec, slices: 4, checkpoint: saving }));
    await saving.remove();
    // Stopped half-way, then resumed from the checkpoint.
    const stop = new AbortController();
    const first = fileChatCheckpoint(checkpointPath);
    await downloadVodChat(client, '9001', {
      lengthSec,
      slices: 4,
      checkpoint: first,
      signal: stop.signal,
      onProgress: (p) => p.messages >= comments.length / 2 && stop.abort(),
    }).catch(() => undefined);
    await first.close();
    fake.reset();
    const second = fileChatCheckpoint(checkpointPath);
    const [resumeMs, resumed] = await timed(() => downloadVodChat(client, '9001', { lengthSec, slices: 4, checkpoint: second }));
    await second.remove();
    if (resumed.length !== comments.length) throw new Error(`resumed chat has ${resumed.length} of ${comments.length} comments`);
    const resumeRequests = fake.commentRequests();

    const variants = await fetchVariants({ gqlUrl: fake.gqlUrl, usherUrl: fake.usherUrl }, client, '9002');
    const playlist = await fetchMediaPlaylist(chooseVariant(variants, null));
    const segmentRun = async (concurrency: number) => {
      const dir = join(work, `segments-${concurrency}`);
      const [ms, result] = await timed(() => downloadSegments(playlist.segments, dir, { concurrency }));
      const files = (await readdir(dir)).length;
      if (files !== playlist.segments.length) throw new Error(`${files} of ${playlist.segments.length} segments on disk`);
      await rm(dir, { recursive: true, force: true });
      return { ms, bytes: result.bytes };
    };
    const serial = await segmentRun(1);
    const parallel = await segmentRun(6);

    return {
      requestDelayMs: DELAY_MS,
      chat: {
        comments: comments.length,
        vodHours: CHAT_HOURS,
        oneCursorChainMs: oneChain.ms,
        oneCursorChainRequests: oneChain.requests,
        fourSlicesMs: sliced.ms,
        fourSlicesRequests: sliced.requests,
        ratio: Number((sliced.ms / oneChain.ms).toFixed(3)),
        speedup: Number((oneChain.ms / sliced.ms).toFixed(2)),
        fourSlicesWithCheckpointMs: checkpointMs,
        resumedAfterHalfMs: resumeMs,
        resumedAfterHalfRequests: resumeRequests,
        resumeRequestsRatio: Number((resumeRequests / sliced.requests).toFixed(3)),
      },
      segments: {
        segments: playlist.segments.length,
        megabytes: Number((parallel.bytes / 2 ** 20).toFixed(1)),
        oneWorkerMs: serial.ms,
        sixWorkersMs: parallel.ms,
        ratio: Number((parallel.ms / serial.ms).toFixed(3)),
        speedup: Number((serial.ms / parallel.ms).toFixed(2)),
      },
    };
  } finally {
    await fake.close();
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchDownload(), null, 2)}\n`);
}
