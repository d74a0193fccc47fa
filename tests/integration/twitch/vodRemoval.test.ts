// A VOD project on the home screen and its removal: its Twitch thumbnail while the video is not
// downloaded, then the removal of its folder in the library (video, chat, segments), refused while a
// download runs, and never anything outside the library even when a row points there.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core';
import { DATABASE_FILE } from '../../../main/core/library/openLibrary';
import { standardVod, startTwitchWorld, type TwitchWorld } from '../../fixtures/twitchCore';

const run = promisify(execFile);
let world: TwitchWorld;
let core: Core;

beforeAll(async () => {
  world = await startTwitchWorld({ vods: ['3001', '3002', '3003', '3004'].map((id) => standardVod(id)) });
  core = await world.openCore();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

const vodDir = (id: string) => join(world.dataDir, 'vods', id);

/** Polls: a job can finish between a list and a wait for its event. */
async function jobsDone(projectId: number): Promise<void> {
  for (;;) {
    const active = (await core.api.listJobs()).filter((j) => j.projectId === projectId && (j.state === 'queued' || j.state === 'running'));
    if (active.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Changes the library behind the core's back, as a damaged or hand-edited database would be. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(join(world.dataDir, DATABASE_FILE));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('a VOD project', () => {
  it('shows its Twitch thumbnail, made small, while the video is not downloaded', async () => {
    const project = await core.api.openVod({ ref: '3001', video: false });
    await jobsDone(project.id);
    const ready = new Promise<void>((resolve) => {
      const off = core.events.on('projects', (e) => e.projectId === project.id && (off(), resolve()));
    });
    expect((await core.api.listProjects()).find((p) => p.id === project.id)?.thumbnail).toBeNull();
    await ready;
    const thumbnail = (await core.api.listProjects()).find((p) => p.id === project.id)!.thumbnail!;
    expect(thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    const file = join(world.dir, 'twitch-thumb.jpg');
    await writeFile(file, Buffer.from(thumbnail.slice(thumbnail.indexOf(',') + 1), 'base64'));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
    expect(stdout.trim()).toBe('160,90');
  });

  it('is removed with its folder in the library: what describeRemoval listed', async () => {
    const project = (await core.api.listProjects()).find((p) => p.twitchVodId === '3001')!;
    const described = await core.api.describeRemoval({ projectId: project.id });
    expect(described.vod).toBe(true);
    expect(described.files).toEqual(expect.arrayContaining([join(vodDir('3001'), '3001.chat.json'), join(vodDir('3001'), 'chunked')]));
    const { removedFiles } = await core.api.removeProject({ projectId: project.id });
    expect(removedFiles).toEqual(described.files);
    expect(existsSync(vodDir('3001'))).toBe(false);
    expect((await core.api.listProjects()).some((p) => p.id === project.id)).toBe(false);
    expect((await readdir(join(world.dataDir, 'thumbs'))).filter((n) => n.startsWith(`project-${project.id}-`))).toEqual([]);
  });

  it('is refused while its download runs; once cancelled, the segments already fetched go too', async () => {
    world.fake.options.slowSegments = { indices: Array.from({ length: 30 }, (_, i) => i), delayMs: 300 };
    try {
      const project = await core.api.openVod({ ref: '3004' });
      await expect(core.api.removeProject({ projectId: project.id })).rejects.toMatchObject({ code: 'JOB_RUNNING' });
      for (const job of await core.api.listJobs()) {
        if (job.projectId === project.id) await core.api.cancelJob({ jobId: job.id });
      }
      await jobsDone(project.id);
      await core.api.removeProject({ projectId: project.id });
      expect(existsSync(vodDir('3004'))).toBe(false);
    } finally {
      world.fake.options.slowSegments = undefined;
    }
  }, 60_000);

  it('never deletes a file outside the library, even when its video row points at one', async () => {
    const project = await core.api.openVod({ ref: '3002' });
    await jobsDone(project.id);
    expect(existsSync(join(vodDir('3002'), '3002.mp4'))).toBe(true);
    const mine = join(world.dir, 'my-own-recording.mp4');
    await writeFile(mine, 'the user’s video');
    tamper('UPDATE media SET path = ? WHERE id = ?', mine, project.media.id);
    const { files } = await core.api.describeRemoval({ projectId: project.id });
    expect(files).not.toContain(mine);
    expect(files).toContain(join(vodDir('3002'), '3002.mp4'));
    await core.api.removeProject({ projectId: project.id });
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(vodDir('3002'))).toBe(false);
  }, 60_000);

  it('never leaves the vods folder for a VOD id that is not a plain folder name', async () => {
    const project = await core.api.openVod({ ref: '3003', video: false });
    await jobsDone(project.id);
    // vods/../../escape: a folder beside the library.
    const outside = join(dirname(world.dataDir), 'escape');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'keep.txt'), 'not the library’s');
    tamper('UPDATE vods SET vod_id = ? WHERE project_id = ?', '../../escape', project.id);
    expect(await core.api.describeRemoval({ projectId: project.id })).toEqual({ files: [], vod: true });
    expect(await core.api.removeProject({ projectId: project.id })).toEqual({ removedFiles: [] });
    expect(existsSync(join(outside, 'keep.txt'))).toBe(true);
  });
});
