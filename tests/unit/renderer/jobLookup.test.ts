import { describe, expect, it } from 'vitest';
import type { Job, JobState, Project } from '../../../preload/contract';
import {
  canResumeJob,
  chatDownloadView,
  latestJob,
  newerJob,
  progressLine,
  TWITCH_CHAT,
  TWITCH_VIDEO,
  videoDownloadView,
  visibleJobs,
  type JobMap,
} from '../../../renderer/src/jobs/lookup';

let nextId = 1;
function job(kind: string, state: JobState, opts: Partial<Job> = {}): Job {
  const id = opts.id ?? nextId++;
  return {
    id,
    kind,
    title: `${kind} #${id}`,
    projectId: 1,
    state,
    progress: { fraction: 0.5, etaSec: null, detail: null },
    params: {},
    result: null,
    error: null,
    createdAt: `2024-01-01T00:00:${String(id).padStart(2, '0')}.000Z`,
    updatedAt: `2024-01-01T00:00:${String(id).padStart(2, '0')}.000Z`,
    ...opts,
  };
}

const map = (...jobs: Job[]): JobMap => Object.fromEntries(jobs.map((j) => [j.id, j]));

function vodProject(video: 'none' | 'partial' | 'complete', chat = false): Project {
  return {
    id: 1,
    name: 'A VOD',
    media: { id: 3, path: '/lib/v.mp4', name: 'v.mp4', probe: { durationSec: 600, sizeBytes: 0, formatName: 'mp4', video: null, audio: null } },
    twitch: {
      vodId: '123',
      url: 'https://www.twitch.tv/videos/123',
      title: 'A VOD',
      channelName: 'Streamer',
      createdAt: '2024-03-01T18:00:00Z',
      quality: 'chunked',
      video,
      muted: [],
      clips: [],
      chapters: [],
      live: false,
    },
    chat: chat ? { path: '/c.json', format: 'twitch', messageCount: 10, skipped: 0, importedAt: '2024-01-01T00:00:00Z', shiftSec: 0 } : null,
    highlights: [],
    detector: { sensitivity: 0.5, targetReelSec: null },
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    view: null,
  };
}

describe('latestJob', () => {
  it('picks the newest job of the kind for the project, ignoring other kinds and projects', () => {
    const old = job(TWITCH_VIDEO, 'failed', { id: 10 });
    const newer = job(TWITCH_VIDEO, 'running', { id: 11 });
    const chat = job(TWITCH_CHAT, 'running', { id: 12 });
    const other = job(TWITCH_VIDEO, 'running', { id: 13, projectId: 2 });
    expect(latestJob(map(old, newer, chat, other), 1, TWITCH_VIDEO)?.id).toBe(11);
    expect(latestJob(map(old, newer, chat, other), 2, TWITCH_VIDEO)?.id).toBe(13);
    expect(latestJob(map(old, chat), 1, 'export')).toBeNull();
  });

  it('breaks a tie in creation time by id', () => {
    const a = job(TWITCH_VIDEO, 'failed', { id: 20, createdAt: '2024-01-01T00:00:00Z' });
    const b = job(TWITCH_VIDEO, 'queued', { id: 21, createdAt: '2024-01-01T00:00:00Z' });
    expect(latestJob(map(b, a), 1, TWITCH_VIDEO)?.id).toBe(21);
  });
});

describe('newerJob', () => {
  it('keeps the copy updated last', () => {
    const running = job('export', 'running', { id: 30, updatedAt: '2024-01-01T00:00:02Z' });
    const queued = { ...running, state: 'queued' as const, updatedAt: '2024-01-01T00:00:01Z' };
    expect(newerJob(running, queued)).toBe(running);
    expect(newerJob(queued, running)).toBe(running);
    expect(newerJob(undefined, queued)).toBe(queued);
  });
});

describe('videoDownloadView', () => {
  it('is complete for a local project and for a VOD whose video is all here', () => {
    expect(videoDownloadView({ ...vodProject('none'), twitch: null }, {}).state).toBe('complete');
    expect(videoDownloadView(vodProject('complete'), map(job(TWITCH_VIDEO, 'failed'))).state).toBe('complete');
  });

  it('offers to resume when no download runs or the last one stopped', () => {
    expect(videoDownloadView(vodProject('none'), {})).toEqual({ state: 'not-started', job: null, canResume: true });
    for (const state of ['failed', 'cancelled', 'interrupted'] as const) {
      const j = job(TWITCH_VIDEO, state);
      expect(videoDownloadView(vodProject('partial'), map(j))).toEqual({ state, job: j, canResume: true });
    }
  });

  it('shows a running or queued download, and a finished one as finishing, without resume', () => {
    for (const state of ['queued', 'running'] as const) {
      const j = job(TWITCH_VIDEO, state);
      expect(videoDownloadView(vodProject('partial'), map(job(TWITCH_VIDEO, 'failed', { id: 1 }), j))).toEqual({
        state: 'downloading',
        job: j,
        canResume: false,
      });
    }
    expect(videoDownloadView(vodProject('partial'), map(job(TWITCH_VIDEO, 'done'))).state).toBe('finishing');
  });
});

describe('chatDownloadView', () => {
  it('follows the newest chat job until the project has chat', () => {
    expect(chatDownloadView(vodProject('none', true), map(job(TWITCH_CHAT, 'running'))).state).toBe('has-chat');
    expect(chatDownloadView(vodProject('none'), {}).state).toBe('none');
    expect(chatDownloadView(vodProject('none'), map(job(TWITCH_CHAT, 'running'))).state).toBe('downloading');
    expect(chatDownloadView(vodProject('none'), map(job(TWITCH_CHAT, 'queued'))).state).toBe('downloading');
    expect(chatDownloadView(vodProject('none'), map(job(TWITCH_CHAT, 'done'))).state).toBe('finishing');
    expect(chatDownloadView(vodProject('none'), map(job(TWITCH_CHAT, 'failed'))).state).toBe('failed');
    // A video job is not a chat job.
    expect(chatDownloadView(vodProject('none'), map(job(TWITCH_VIDEO, 'running'))).state).toBe('none');
  });

  it('has no download state for a local project without chat', () => {
    expect(chatDownloadView({ ...vodProject('none'), twitch: null }, map(job(TWITCH_CHAT, 'running'))).state).toBe('none');
  });
});

describe('visibleJobs', () => {
  it('lists every active job first, then the newest finished ones up to the limit', () => {
    const finished = [1, 2, 3, 4, 5].map((n) => job('export', 'done', { id: 40 + n }));
    const active = [job(TWITCH_CHAT, 'running', { id: 50 }), job(TWITCH_VIDEO, 'queued', { id: 51 }), job('export', 'running', { id: 39 })];
    const shown = visibleJobs(map(...finished, ...active), 1, 4);
    expect(shown.map((j) => j.id)).toEqual([51, 50, 39, 45]);
  });

  it('shows all active jobs even beyond the limit', () => {
    const active = [1, 2, 3].map((n) => job(TWITCH_VIDEO, 'running', { id: 60 + n }));
    expect(visibleJobs(map(...active), 1, 2)).toHaveLength(3);
  });

  it('keeps this project’s jobs and those of no project', () => {
    const mine = job('export', 'done', { id: 70 });
    const global = job('import', 'done', { id: 71, projectId: null });
    const theirs = job('export', 'running', { id: 72, projectId: 9 });
    expect(visibleJobs(map(mine, global, theirs), 1, 6).map((j) => j.id)).toEqual([71, 70]);
    expect(visibleJobs(map(mine, global, theirs), null, 6).map((j) => j.id)).toEqual([71]);
  });
});

describe('canResumeJob', () => {
  it('only for the newest stopped video download of its project', () => {
    const failed = job(TWITCH_VIDEO, 'failed', { id: 80 });
    const running = job(TWITCH_VIDEO, 'running', { id: 81 });
    expect(canResumeJob(failed, map(failed))).toBe(true);
    expect(canResumeJob(failed, map(failed, running))).toBe(false);
    expect(canResumeJob(running, map(failed, running))).toBe(false);
    const chat = job(TWITCH_CHAT, 'failed', { id: 82 });
    expect(canResumeJob(chat, map(chat))).toBe(false);
    const done = job(TWITCH_VIDEO, 'done', { id: 83 });
    expect(canResumeJob(done, map(done))).toBe(false);
  });
});

describe('progressLine', () => {
  it('joins percent, the core’s detail and the time left', () => {
    const j = job(TWITCH_VIDEO, 'running', { progress: { fraction: 0.153, etaSec: 125, detail: '12.3 MB of 80 MB · 2.1 MB/s' } });
    expect(progressLine(j)).toBe('15% · 12.3 MB of 80 MB · 2.1 MB/s · about 2 min left');
  });

  it('leaves out what is not known and says when a job waits', () => {
    expect(progressLine(job(TWITCH_CHAT, 'running', { progress: { fraction: 0, etaSec: null, detail: null } }))).toBe('0%');
    expect(progressLine(job(TWITCH_CHAT, 'queued', { progress: { fraction: 1.7, etaSec: null, detail: '12,345 messages' } }))).toBe(
      '100% · waiting to start · 12,345 messages',
    );
  });
});
