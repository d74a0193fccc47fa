import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  EventName,
  EventPayload,
  Highlight,
  HighlighterBridge,
  Job,
  Project,
  VodPreview,
} from '../../../preload/contract';
import { BridgeError } from '../../../renderer/src/bridge/bridgeError';
import { addAtPlayhead } from '../../../renderer/src/ranges/create';
import { deleteRange, setBoundary } from '../../../renderer/src/ranges/edit';
import { createAppStore, DETECT_DELAY_MS, SAVE_DELAY_MS } from '../../../renderer/src/store/appStore';

function project(highlights: Highlight[]): Project {
  return {
    id: 1,
    name: 'stream.mp4',
    media: {
      id: 5,
      path: '/v/stream.mp4',
      name: 'stream.mp4',
      probe: { durationSec: 120, sizeBytes: 1000, formatName: 'mp4', video: null, audio: null },
    },
    twitch: null,
    chat: null,
    highlights,
    detector: { sensitivity: 0.4, targetReelSec: null },
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    view: null,
  };
}

const h = (id: string, start: number, end: number): Highlight => ({
  id,
  start,
  end,
  score: 1,
  origin: 'auto',
  edited: false,
  tags: [],
  evidence: null,
  label: '',
});

const CHAT = { path: '/v/stream.chat.json', format: 'twitch', messageCount: 500, skipped: 0, importedAt: '2024-01-01T00:00:00.000Z', shiftSec: 0 };

/** A project whose chat is in, so settings changes re-detect. */
function withChat(highlights: Highlight[], targetReelSec: number | null = null): Project {
  return { ...project(highlights), chat: CHAT, detector: { sensitivity: 0.4, targetReelSec } };
}

const EVIDENCE = {
  peakSec: 15,
  messages: 40,
  chatters: 31,
  ratio: 7.5,
  topEmotes: [{ name: 'KEKW', count: 22 }],
  sampleMessages: ['KEKW KEKW'],
};

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

function fakeBridge() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: string[] = [];
  const bridge = {
    transport: 'web',
    mediaUrl: (id: number) => `/media/${id}`,
    pathForFile: () => null,
    on<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(fn as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(fn as (p: unknown) => void);
    },
    getAppInfo: vi.fn(async () => ({
      version: '0.1.0',
      dataDir: '/d',
      dialogs: false,
      ffmpeg: { available: true, ffmpegPath: '/f', ffprobePath: '/p', message: null },
      twitchToken: false,
    })),
    listProjects: vi.fn(async () => []),
    listJobs: vi.fn(async () => []),
    openLocal: vi.fn(async () => ({ ...project([h('a', 10, 20), h('b', 50, 60)]), warnings: [] as string[] })),
    openProject: vi.fn(async () => project([])),
    importChat: vi.fn(),
    getHeatmap: vi.fn(async () => ({ binSec: 5, values: [1, 2], max: 2, durationSec: 120 })),
    detect: vi.fn(async () => {
      calls.push('detect');
      return project([h('x', 1, 21)]);
    }),
    saveHighlights: vi.fn(async ({ highlights }: { highlights: Array<{ id: string; start: number; end: number; label?: string }> }) => {
      calls.push('save');
      // The core normalises: here it rounds to whole seconds, which the UI must adopt.
      return highlights.map((x) => ({ ...h(x.id, Math.round(x.start), Math.round(x.end)), edited: true, label: x.label ?? '' }));
    }),
    planExport: vi.fn(),
    startExport: vi.fn(async () => {
      calls.push('export');
      return { id: 9, state: 'queued', updatedAt: '2024-01-01T00:00:01.000Z' } as Job;
    }),
    cancelJob: vi.fn(),
    chooseFile: vi.fn(),
    resolveVod: vi.fn(async ({ ref }: { ref: string }): Promise<VodPreview> => preview(ref)),
    openVod: vi.fn(async () => vodProject([])),
    downloadVodVideo: vi.fn(async () => vodJob(20, 'twitch-video', 'queued', '2024-01-01T00:00:05.000Z')),
    setTwitchToken: vi.fn(async ({ token }: { token: string | null }) => ({ twitchToken: token !== null })),
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((fn) => fn(payload));
  return { bridge: bridge as unknown as HighlighterBridge, raw: bridge, emit, calls };
}

function vodProject(highlights: Highlight[], extra: Partial<Project> = {}): Project {
  return {
    ...project(highlights),
    id: 7,
    name: 'Big stream',
    twitch: {
      vodId: '123',
      url: 'https://www.twitch.tv/videos/123',
      title: 'Big stream',
      channelName: 'Streamer',
      createdAt: '2024-03-01T18:00:00Z',
      quality: 'chunked',
      video: 'none',
      muted: [{ start: 30, end: 60 }],
      clips: [],
      chapters: [],
      live: false,
    },
    ...extra,
  };
}

function preview(ref: string): VodPreview {
  return {
    vodId: ref.replace(/\D/g, '') || '123',
    url: 'https://www.twitch.tv/videos/123',
    title: 'Big stream',
    channelLogin: 'streamer',
    channelName: 'Streamer',
    lengthSec: 120,
    createdAt: '2024-03-01T18:00:00Z',
    game: 'Chess',
    thumbnail: null,
    qualities: [{ id: 'chunked', name: '1080p60', resolution: '1920x1080', fps: 60, bandwidth: 6e6, source: true }],
    startSec: 42,
    live: false,
  };
}

function vodJob(id: number, kind: string, state: Job['state'], updatedAt: string): Job {
  return {
    id,
    kind,
    title: `${kind} ${id}`,
    projectId: 7,
    state,
    progress: { fraction: 0, etaSec: null, detail: null },
    params: {},
    result: null,
    error: null,
    createdAt: updatedAt,
    updatedAt,
  };
}

describe('createAppStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens a project: sorted ranges, its sensitivity and the heatmap', async () => {
    const { bridge } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().init();
    expect(store.getState().appInfo?.version).toBe('0.1.0');
    expect(await store.getState().openLocal('/v/stream.mp4')).toBe(true);
    const s = store.getState();
    expect(s.highlights.map((x) => x.id)).toEqual(['a', 'b']);
    expect(s.sensitivity).toBe(0.4);
    expect(s.heatmap?.values).toEqual([1, 2]);
    expect(s.busy).toBeNull();
  });

  it('keeps the ranges in time order for editing and the core’s list order as the reel order', async () => {
    const { bridge, raw } = fakeBridge();
    raw.openLocal.mockResolvedValueOnce({ ...project([h('b', 50, 60), h('a', 10, 20)]), warnings: [] });
    const store = createAppStore(bridge);
    await store.getState().openLocal('/v/stream.mp4');
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['a', 'b']);
    expect(store.getState().order).toEqual(['b', 'a']);
    store.getState().commit(setBoundary(store.getState().highlights, 'a', 'end', 25, store.getState().limits()));
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(raw.saveHighlights.mock.calls.at(-1)![0].highlights.map((x: { id: string }) => x.id)).toEqual(['b', 'a']);
  });

  it('saves an edit after a short delay and adopts the normalised answer', async () => {
    const { bridge, raw } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().openLocal('/v/stream.mp4');
    const limits = store.getState().limits();
    expect(limits).toEqual({ durationSec: 120, minLengthSec: 1 });
    store.getState().commit(setBoundary(store.getState().highlights, 'a', 'start', 12.4, limits), 'a');
    expect(store.getState().highlights[0]!.start).toBe(12.4);
    expect(store.getState().selectedId).toBe('a');
    expect(store.getState().saveStatus).toBe('pending');
    expect(raw.saveHighlights).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(raw.saveHighlights).toHaveBeenCalledTimes(1);
    expect(raw.saveHighlights.mock.calls[0]![0].highlights[0]).toEqual({
      id: 'a',
      start: 12.4,
      end: 20,
      score: 1,
      origin: 'auto',
      edited: true,
      tags: [],
      evidence: null,
      label: '',
    });
    expect(store.getState().highlights[0]!.start).toBe(12);
    expect(store.getState().saveStatus).toBe('saved');
  });

  it('flushes pending edits before detecting and before exporting', async () => {
    const { bridge, calls } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().openLocal('/v/stream.mp4');
    const limits = store.getState().limits();
    store.getState().commit(setBoundary(store.getState().highlights, 'b', 'end', 70, limits));
    await store.getState().detect();
    expect(calls).toEqual(['save', 'detect']);
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['x']);
    store.getState().commit(setBoundary(store.getState().highlights, 'x', 'end', 30, limits));
    await store.getState().startExport('/v/out.mp4', { mode: 'accurate' });
    expect(calls).toEqual(['save', 'detect', 'save', 'export']);
    expect(store.getState().exportJobId).toBe(9);
  });

  it('shows a rejected call as an alert with its message and code', async () => {
    const { bridge, raw } = fakeBridge();
    raw.openLocal.mockRejectedValueOnce(new BridgeError('MEDIA_UNREADABLE', 'Cannot read that video.'));
    const store = createAppStore(bridge);
    expect(await store.getState().openLocal('/nope.mp4')).toBe(false);
    expect(store.getState().alert).toMatchObject({ message: 'Cannot read that video.', code: 'MEDIA_UNREADABLE' });
    expect(store.getState().project).toBeNull();
    store.getState().dismissAlert();
    expect(store.getState().alert).toBeNull();
  });

  it('opens the video and shows a warning when the chat beside it could not be imported', async () => {
    const { bridge, raw } = fakeBridge();
    raw.openLocal.mockResolvedValueOnce({ ...project([]), warnings: ['The chat file next to the video was not imported: broken.'] });
    const store = createAppStore(bridge);
    expect(await store.getState().openLocal('/v/stream.mp4')).toBe(true);
    expect(store.getState().project).not.toBeNull();
    expect(store.getState().alert).toMatchObject({ message: expect.stringContaining('was not imported'), code: 'WARNING' });
  });

  it('turns a refused edit into an alert and changes nothing', async () => {
    const { bridge, raw } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().openLocal('/v/stream.mp4');
    const before = store.getState().highlights;
    const ok = store.getState().commitResult(addAtPlayhead(before, 15, store.getState().limits(), 'n'));
    expect(ok).toBe(false);
    expect(store.getState().alert?.message).toMatch(/inside highlight 1/);
    expect(store.getState().highlights).toBe(before);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);
    expect(raw.saveHighlights).not.toHaveBeenCalled();
  });

  it('follows job events, keeping the newest state of the export job', async () => {
    const { bridge, emit } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().openLocal('/v/stream.mp4');
    emit('job', { id: 9, state: 'running', updatedAt: '2024-01-01T00:00:02.000Z' });
    await store.getState().startExport('/v/out.mp4', { mode: 'fast' });
    // startExport's answer (queued, older) must not overwrite the running event that came first.
    expect(store.getState().jobs[9]?.state).toBe('running');
    emit('job', { id: 9, state: 'done', updatedAt: '2024-01-01T00:00:03.000Z' });
    expect(store.getState().jobs[9]?.state).toBe('done');
  });

  it('reloads the project when the core says it changed and nothing is pending', async () => {
    const { bridge, raw, emit } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().openLocal('/v/stream.mp4');
    raw.openProject.mockResolvedValueOnce(project([h('z', 5, 9)]));
    emit('project', { projectId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['z']);
    emit('project', { projectId: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.openProject).toHaveBeenCalledTimes(1);
  });

  it('a change event with the same data keeps the ranges and the heatmap as they are', async () => {
    const { bridge, raw, emit } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().openLocal('/v/stream.mp4');
    const { highlights, heatmap } = store.getState();
    raw.openProject.mockResolvedValueOnce(project([h('a', 10, 20), h('b', 50, 60)]));
    emit('project', { projectId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.openProject).toHaveBeenCalledTimes(1);
    expect(store.getState().highlights).toBe(highlights);
    expect(store.getState().heatmap).toBe(heatmap);
    expect(raw.getHeatmap).toHaveBeenCalledTimes(1);
  });

  it('merges a change event into edits waiting to be saved: the edit stays, new proposals arrive, both are saved', async () => {
    const { bridge, raw, emit } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().openLocal('/v/stream.mp4');
    store.getState().commit(setBoundary(store.getState().highlights, 'a', 'end', 25, store.getState().limits()));
    // Meanwhile the core made a new proposal (and still has the old copy of a).
    raw.openProject.mockResolvedValueOnce(project([h('a', 10, 20), h('b', 50, 60), h('c', 90, 100)]));
    emit('project', { projectId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.openProject).toHaveBeenCalledTimes(1);
    expect(store.getState().highlights.map((x) => [x.id, x.end])).toEqual([
      ['a', 25],
      ['b', 60],
      ['c', 100],
    ]);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    const saved = raw.saveHighlights.mock.calls.at(-1)![0].highlights;
    expect(saved.map((x) => [x.id, x.end])).toEqual([
      ['a', 25],
      ['b', 60],
      ['c', 100],
    ]);
  });

  it('keeps edits whose save failed when the core reports a change', async () => {
    const { bridge, raw, emit } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().openLocal('/v/stream.mp4');
    raw.saveHighlights.mockRejectedValueOnce(new BridgeError('NETWORK', 'Highlighter is not reachable.'));
    store.getState().commit(setBoundary(store.getState().highlights, 'a', 'end', 25, store.getState().limits()));
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(store.getState().saveStatus).toBe('error');
    raw.openProject.mockResolvedValueOnce(project([h('a', 10, 20), h('b', 50, 60)]));
    emit('project', { projectId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().highlights[0]!.end).toBe(25);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(raw.saveHighlights.mock.calls.at(-1)![0].highlights[0]!.end).toBe(25);
  });

  it('closing a project saves what is pending first', async () => {
    const { bridge, raw } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().openLocal('/v/stream.mp4');
    store.getState().commit(setBoundary(store.getState().highlights, 'a', 'end', 25, store.getState().limits()));
    await store.getState().closeProject();
    expect(raw.saveHighlights).toHaveBeenCalledTimes(1);
    expect(store.getState().project).toBeNull();
    expect(store.getState().highlights).toEqual([]);
  });
});

describe('createAppStore with Twitch VODs', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('looks a VOD up and shows its preview', async () => {
    const { bridge, raw } = fakeBridge();
    const store = createAppStore(bridge);
    store.getState().setVodInput('  https://www.twitch.tv/videos/123 ');
    const lookup = store.getState().lookUpVod();
    expect(store.getState().vod.status).toBe('looking');
    expect(await lookup).toBe(true);
    expect(raw.resolveVod).toHaveBeenCalledWith({ ref: 'https://www.twitch.tv/videos/123' });
    expect(store.getState().vod).toMatchObject({ status: 'ready', ref: 'https://www.twitch.tv/videos/123', error: null });
    expect(store.getState().vod.preview?.title).toBe('Big stream');
  });

  it('prefills the form when looking up a given reference (?vod=)', async () => {
    const { bridge } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().lookUpVod('v123');
    expect(store.getState().vod.input).toBe('v123');
    expect(store.getState().vod.status).toBe('ready');
  });

  it('keeps the core’s message and code when a lookup fails, without a global alert', async () => {
    const { bridge, raw } = fakeBridge();
    raw.resolveVod.mockRejectedValueOnce(new BridgeError('VOD_REF_INVALID', 'That is a link to a clip, not to a VOD.'));
    const store = createAppStore(bridge);
    expect(await store.getState().lookUpVod('https://clips.twitch.tv/x')).toBe(false);
    expect(store.getState().vod).toMatchObject({
      status: 'idle',
      preview: null,
      error: { code: 'VOD_REF_INVALID', message: 'That is a link to a clip, not to a VOD.' },
    });
    expect(store.getState().alert).toBeNull();
  });

  it('shows only the answer to the latest lookup', async () => {
    const { bridge, raw } = fakeBridge();
    let release: (p: VodPreview) => void = () => undefined;
    raw.resolveVod.mockImplementationOnce(() => new Promise<VodPreview>((resolve) => (release = resolve)));
    const store = createAppStore(bridge);
    const slow = store.getState().lookUpVod('111');
    await store.getState().lookUpVod('222');
    release({ ...preview('111'), title: 'Old' });
    expect(await slow).toBe(false);
    expect(store.getState().vod.preview?.vodId).toBe('222');
  });

  it('opens the previewed VOD with the chosen quality and video choice, and starts at the link’s time', async () => {
    const { bridge, raw } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().lookUpVod('https://www.twitch.tv/videos/123?t=42s');
    expect(await store.getState().openVod({ quality: 'chunked', video: false })).toBe(true);
    expect(raw.openVod).toHaveBeenCalledWith({ ref: 'https://www.twitch.tv/videos/123?t=42s', quality: 'chunked', video: false });
    expect(store.getState().project?.id).toBe(7);
    expect(store.getState().vod.preview).toBeNull();
    expect(store.getState().busy).toBeNull();
    expect(store.getState().takeStartAt()).toBe(42);
    expect(store.getState().takeStartAt()).toBeNull();
    // The jobs the core started are fetched in case their events came before the page listened.
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.listJobs).toHaveBeenCalled();
  });

  it('keeps the preview and shows the error when opening fails', async () => {
    const { bridge, raw } = fakeBridge();
    raw.openVod.mockRejectedValueOnce(new BridgeError('NETWORK', 'Twitch could not be reached.'));
    const store = createAppStore(bridge);
    await store.getState().lookUpVod('123');
    expect(await store.getState().openVod({ quality: null, video: true })).toBe(false);
    expect(raw.openVod).toHaveBeenCalledWith({ ref: '123', video: true });
    expect(store.getState().project).toBeNull();
    expect(store.getState().vod).toMatchObject({ status: 'ready', error: { code: 'NETWORK', message: 'Twitch could not be reached.' } });
  });

  it('saves a token and retries a lookup that needed one', async () => {
    const { bridge, raw } = fakeBridge();
    raw.resolveVod.mockRejectedValueOnce(new BridgeError('VOD_SUBSCRIBER_ONLY', 'This VOD is for subscribers only.'));
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().lookUpVod('123');
    expect(store.getState().vod.error?.code).toBe('VOD_SUBSCRIBER_ONLY');
    expect(await store.getState().setTwitchToken('abc')).toBe(true);
    expect(raw.setTwitchToken).toHaveBeenCalledWith({ token: 'abc' });
    expect(store.getState().appInfo?.twitchToken).toBe(true);
    expect(raw.resolveVod).toHaveBeenCalledTimes(2);
    expect(store.getState().vod.status).toBe('ready');
    await store.getState().setTwitchToken(null);
    expect(store.getState().appInfo?.twitchToken).toBe(false);
    expect(raw.resolveVod).toHaveBeenCalledTimes(2);
  });

  it('reloads the project when its chat download finishes, bringing the heatmap and proposals', async () => {
    const { bridge, raw, emit } = fakeBridge();
    raw.getHeatmap.mockResolvedValueOnce(null as never);
    const store = createAppStore(bridge);
    await store.getState().init();
    await store.getState().lookUpVod('123');
    await store.getState().openVod({ quality: null, video: true });
    expect(store.getState().heatmap).toBeNull();
    emit('job', vodJob(30, 'twitch-chat', 'running', '2024-01-01T00:00:01.000Z'));
    expect(raw.openProject).not.toHaveBeenCalled();
    raw.openProject.mockResolvedValueOnce(
      vodProject([h('p', 40, 50)], { chat: { path: '/c', format: 'twitch', messageCount: 3, skipped: 0, importedAt: 'x', shiftSec: 0 } }),
    );
    // The job's own end is enough, even if the project event got lost.
    emit('job', vodJob(30, 'twitch-chat', 'done', '2024-01-01T00:00:02.000Z'));
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.openProject).toHaveBeenCalledWith({ projectId: 7 });
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['p']);
    expect(store.getState().heatmap?.values).toEqual([1, 2]);
  });

  it('resumes the video download and follows its job', async () => {
    const { bridge, raw } = fakeBridge();
    const store = createAppStore(bridge);
    await store.getState().lookUpVod('123');
    await store.getState().openVod({ quality: null, video: false });
    await store.getState().resumeVideoDownload();
    expect(raw.downloadVodVideo).toHaveBeenCalledWith({ projectId: 7 });
    expect(store.getState().jobs[20]?.state).toBe('queued');
  });
});

describe('createAppStore re-detection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function opened(highlights: Highlight[] = [h('a', 10, 20), h('b', 50, 60)], targetReelSec: number | null = null) {
    const fake = fakeBridge();
    fake.raw.openLocal.mockResolvedValueOnce({ ...withChat(highlights, targetReelSec), warnings: [] });
    fake.raw.detect.mockImplementation(async () => {
      fake.calls.push('detect');
      return withChat([h('x', 1, 21)]);
    });
    const store = createAppStore(fake.bridge);
    await store.getState().openLocal('/v/stream.mp4');
    return { ...fake, store };
  }

  it('takes the stored target reel length when a project opens', async () => {
    const { store } = await opened([], 180);
    expect(store.getState().targetReelSec).toBe(180);
  });

  it('re-detects once, shortly after the settings stop changing, with the latest settings', async () => {
    const { store, raw } = await opened();
    store.getState().setSensitivity(0.6);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS - 50);
    store.getState().setTargetReel(150);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS - 50);
    store.getState().setSensitivity(0.7);
    expect(raw.detect).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS);
    expect(raw.detect).toHaveBeenCalledTimes(1);
    expect(raw.detect).toHaveBeenCalledWith({ projectId: 1, sensitivity: 0.7, targetReelSec: 150 });
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['x']);
    // Clearing the target is sent as null (the core then removes the stored one).
    store.getState().setTargetReel(null);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS);
    expect(raw.detect).toHaveBeenLastCalledWith({ projectId: 1, sensitivity: 0.7, targetReelSec: null });
  });

  it('does not re-detect for an unchanged value or a project without chat', async () => {
    const { store, raw } = await opened();
    store.getState().setSensitivity(0.4);
    store.getState().setTargetReel(null);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS * 2);
    expect(raw.detect).not.toHaveBeenCalled();

    const other = fakeBridge();
    const noChat = createAppStore(other.bridge);
    await noChat.getState().openLocal('/v/stream.mp4');
    noChat.getState().setSensitivity(0.9);
    noChat.getState().setTargetReel(60);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS * 2);
    expect(other.raw.detect).not.toHaveBeenCalled();
    expect(noChat.getState().targetReelSec).toBe(60);
  });

  it('the button detects at once and a waiting automatic run is dropped', async () => {
    const { store, raw } = await opened();
    store.getState().setSensitivity(0.8);
    await store.getState().detect();
    expect(raw.detect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS * 2);
    expect(raw.detect).toHaveBeenCalledTimes(1);
  });

  it('runs once more after the current detection when settings changed meanwhile, never two at once', async () => {
    const { store, raw } = await opened();
    const first = deferred<Project>();
    const second = deferred<Project>();
    raw.detect.mockImplementationOnce(() => first.promise).mockImplementationOnce(() => second.promise);
    const running = store.getState().detect();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().busy).toBe('detecting');
    store.getState().setTargetReel(60);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS);
    store.getState().setSensitivity(0.9);
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS);
    expect(raw.detect).toHaveBeenCalledTimes(1);
    first.resolve(withChat([h('p', 5, 25)]));
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.detect).toHaveBeenCalledTimes(2);
    expect(raw.detect).toHaveBeenLastCalledWith({ projectId: 1, sensitivity: 0.9, targetReelSec: 60 });
    second.resolve(withChat([h('q', 30, 45)]));
    await running;
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['q']);
    expect(store.getState().busy).toBeNull();
  });

  it('keeps an edit made while detecting: the stale list is never sent, the merge is saved', async () => {
    const { store, raw } = await opened();
    const answer = deferred<Project>();
    raw.detect.mockImplementationOnce(() => answer.promise);
    const running = store.getState().detect();
    await vi.advanceTimersByTimeAsync(0);
    // The user drags b's end while the core re-detects.
    store.getState().commit(setBoundary(store.getState().highlights, 'b', 'end', 65, store.getState().limits()));
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 4);
    expect(raw.saveHighlights).not.toHaveBeenCalled();
    // The core replaced both untouched proposals (a and b) with new ones.
    answer.resolve(withChat([h('c', 30, 40), h('d', 55, 58), h('e', 80, 90)]));
    await running;
    // b is the user's now; d overlaps it and gives way; a was untouched and is gone.
    const shown = store.getState().highlights.map((x) => [x.id, x.start, x.end]);
    expect(shown).toEqual([
      ['c', 30, 40],
      ['b', 50, 65],
      ['e', 80, 90],
    ]);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(raw.saveHighlights).toHaveBeenCalledTimes(1);
    const sent = raw.saveHighlights.mock.calls[0]![0].highlights.map((x) => [x.id, x.start, x.end]);
    expect(sent).toEqual(shown);
  });

  it('saves pending edits before detecting, and an edited proposal keeps its tags and evidence', async () => {
    const tagged: Highlight = { ...h('a', 10, 20), tags: ['funny', 'clip-it'], evidence: EVIDENCE };
    const { store, raw, calls } = await opened([tagged]);
    store.getState().commit(setBoundary(store.getState().highlights, 'a', 'start', 8, store.getState().limits()));
    await store.getState().detect();
    expect(calls).toEqual(['save', 'detect']);
    expect(raw.saveHighlights.mock.calls[0]![0].highlights).toEqual([
      { id: 'a', start: 8, end: 20, score: 1, origin: 'auto', edited: true, tags: ['funny', 'clip-it'], evidence: EVIDENCE, label: '' },
    ]);
  });

  it('closing the project drops a waiting automatic detection', async () => {
    const { store, raw } = await opened();
    store.getState().setSensitivity(0.9);
    await store.getState().closeProject();
    await vi.advanceTimersByTimeAsync(DETECT_DELAY_MS * 2);
    expect(raw.detect).not.toHaveBeenCalled();
  });
});

describe('createAppStore undo and redo', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function opened(highlights: Highlight[] = [h('a', 10, 20), h('b', 50, 60)]) {
    const fake = fakeBridge();
    fake.raw.openLocal.mockResolvedValueOnce({ ...withChat(highlights), warnings: [] });
    const store = createAppStore(fake.bridge);
    await store.getState().init();
    await store.getState().openLocal('/v/stream.mp4');
    return { ...fake, store };
  }

  const lastSaved = (raw: ReturnType<typeof fakeBridge>['raw']) =>
    (raw.saveHighlights.mock.calls.at(-1)![0].highlights as Array<{ id: string; start: number; end: number; label?: string }>).map((x) => [x.id, x.start, x.end]);

  it('an edit is one step named for what it did; undo restores it and is saved like any edit', async () => {
    const { store, raw } = await opened();
    expect(store.getState().history.undo).toHaveLength(0);
    store.getState().commit(setBoundary(store.getState().highlights, 'b', 'start', 45, store.getState().limits()), 'b', { verb: 'move', id: 'b' });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(store.getState().history.undo.map((s) => s.label)).toEqual(['move of highlight 2']);
    store.getState().undo();
    expect(store.getState().highlights.map((x) => [x.id, x.start])).toEqual([['a', 10], ['b', 50]]);
    expect(store.getState().history.redo.map((s) => s.label)).toEqual(['move of highlight 2']);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(lastSaved(raw)).toEqual([['a', 10, 20], ['b', 50, 60]]);
    store.getState().redo();
    expect(store.getState().highlights[1]!.start).toBe(45);
  });

  it('a run of nudges on one handle within a second is one step', async () => {
    const { store } = await opened();
    for (let i = 0; i < 4; i++) {
      const list = store.getState().highlights;
      store.getState().commit(setBoundary(list, 'a', 'end', list[0]!.end + 1, store.getState().limits()), 'a', {
        verb: 'nudge of the end',
        id: 'a',
        mergeKey: 'nudge:a:end',
      });
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(store.getState().highlights[0]!.end).toBe(24);
    expect(store.getState().history.undo).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().highlights[0]!.end).toBe(20);
  });

  it('a change from the core is not a step, and undo still works on top of it', async () => {
    const { store, raw, emit } = await opened();
    store.getState().commit(deleteRange(store.getState().highlights, 'a'), null, { verb: 'delete', id: 'a' });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    raw.openProject.mockResolvedValueOnce(withChat([h('b', 50, 60), h('c', 90, 100)]));
    emit('project', { projectId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['b', 'c']);
    expect(store.getState().history.undo).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(store.getState().selectedId).toBe('a');
  });

  it('a re-detection that replaced proposals is one step that brings them back', async () => {
    const { store, raw } = await opened();
    raw.detect.mockResolvedValueOnce(withChat([h('x', 1, 21)]));
    await store.getState().detect();
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['x']);
    expect(store.getState().history.undo.map((s) => s.label)).toEqual(['re-detection']);
    store.getState().undo();
    expect(store.getState().highlights.map((x) => x.id)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(lastSaved(raw)).toEqual([['a', 10, 20], ['b', 50, 60]]);
  });

  it('reorders and labels are steps; the save sends the reel order and the label', async () => {
    const { store, raw } = await opened();
    store.getState().reorder('b', 0);
    expect(store.getState().order).toEqual(['b', 'a']);
    store.getState().setLabel('a', 'Clutch');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    const saved = raw.saveHighlights.mock.calls.at(-1)![0].highlights as Array<{ id: string; label: string }>;
    expect(saved.map((x) => [x.id, x.label])).toEqual([['b', ''], ['a', 'Clutch']]);
    expect(store.getState().history.undo.map((s) => s.label)).toEqual(['reorder of highlight 2', 'label of highlight 2']);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().order).toEqual(['a', 'b']);
    expect(store.getState().highlights[0]!.label).toBe('');
  });

  it('keeps each project’s history when another project was opened in between', async () => {
    const { store, raw } = await opened();
    store.getState().commit(deleteRange(store.getState().highlights, 'a'), null, { verb: 'delete', id: 'a' });
    raw.openProject.mockResolvedValueOnce({ ...withChat([h('q', 1, 5)]), id: 2 });
    await store.getState().openProject(2);
    expect(store.getState().history.undo).toHaveLength(0);
    raw.openProject.mockResolvedValueOnce(withChat([h('b', 50, 60)]));
    await store.getState().openProject(1);
    expect(store.getState().history.undo.map((s) => s.label)).toEqual(['delete of highlight 1']);
  });
});
