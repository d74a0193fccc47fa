// Which job the UI should talk about: the newest one of a kind for a project, what state a VOD's video
// and chat download are in, and which jobs the jobs panel lists. Pure, so every case is tested.
import type { Job, Project } from '../../../preload/contract';
import { formatTimeLeft } from '../format';

/** Job kinds the core uses for a VOD project's downloads. */
export const TWITCH_CHAT = 'twitch-chat';
export const TWITCH_VIDEO = 'twitch-video';
/** Job kind of a chat file's import (main/core/api/chatImportJob.ts). */
export const CHAT_IMPORT = 'chat-import';

export type JobMap = Readonly<Record<number, Job>>;

export function isActive(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running';
}

/** A download that stopped before the end; finished segments are kept, so it can go on. */
export function isStopped(job: Job): boolean {
  return job.state === 'failed' || job.state === 'cancelled' || job.state === 'interrupted';
}

/** Newest first: by creation time, then by id (ids grow). */
function newestFirst(a: Job, b: Job): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.id - a.id;
}

/** The newest job of `kind` for the project, or null. */
export function latestJob(jobs: JobMap, projectId: number, kind: string): Job | null {
  let best: Job | null = null;
  for (const job of Object.values(jobs)) {
    if (job.projectId !== projectId || job.kind !== kind) continue;
    if (!best || newestFirst(job, best) < 0) best = job;
  }
  return best;
}

/** Keeps whichever copy of a job is newer (an event may overtake a call's answer, or the other way). */
export function newerJob(known: Job | undefined, incoming: Job): Job {
  return known && known.updatedAt > incoming.updatedAt ? known : incoming;
}

export type VideoDownloadState =
  /** Not a VOD project, or its whole video is here: the player plays it. */
  | 'complete'
  | 'downloading'
  /** The job finished; the project is about to say the video is complete. */
  | 'finishing'
  | 'failed'
  | 'cancelled'
  | 'interrupted'
  /** Opened as chat only, or the download was never started. */
  | 'not-started';

export interface VideoDownloadView {
  state: VideoDownloadState;
  job: Job | null;
  /** Whether "Resume download" is offered. */
  canResume: boolean;
}

export function videoDownloadView(project: Project, jobs: JobMap): VideoDownloadView {
  const twitch = project.twitch;
  if (!twitch || twitch.video === 'complete') return { state: 'complete', job: null, canResume: false };
  const job = latestJob(jobs, project.id, TWITCH_VIDEO);
  if (!job) return { state: 'not-started', job: null, canResume: true };
  switch (job.state) {
    case 'queued':
    case 'running':
      return { state: 'downloading', job, canResume: false };
    case 'done':
      return { state: 'finishing', job, canResume: false };
    default:
      return { state: job.state, job, canResume: true };
  }
}

export type ChatDownloadState = 'has-chat' | 'downloading' | 'failed' | 'cancelled' | 'interrupted' | 'finishing' | 'none';

export interface ChatDownloadView {
  state: ChatDownloadState;
  job: Job | null;
}

export function chatDownloadView(project: Project, jobs: JobMap): ChatDownloadView {
  if (project.chat) return { state: 'has-chat', job: null };
  const job = project.twitch ? latestJob(jobs, project.id, TWITCH_CHAT) : null;
  if (!job) return { state: 'none', job: null };
  switch (job.state) {
    case 'queued':
    case 'running':
      return { state: 'downloading', job };
    case 'done':
      return { state: 'finishing', job };
    default:
      return { state: job.state, job };
  }
}

/**
 * The jobs the panel lists: this project's and those of no project. Every running or waiting job is
 * shown (several downloads and an export can run at once); finished ones fill up to `limit`.
 */
export function visibleJobs(jobs: JobMap, projectId: number | null, limit: number): Job[] {
  const mine = Object.values(jobs).filter((job) => job.projectId === null || job.projectId === projectId);
  const active = mine.filter(isActive).sort(newestFirst);
  const finished = mine.filter((job) => !isActive(job)).sort(newestFirst);
  return [...active, ...finished.slice(0, Math.max(0, limit - active.length))];
}

/** The job shown with "Resume download": the newest video download of its project, stopped early. */
export function canResumeJob(job: Job, jobs: JobMap): boolean {
  if (job.kind !== TWITCH_VIDEO || job.projectId === null || !isStopped(job)) return false;
  return latestJob(jobs, job.projectId, TWITCH_VIDEO)?.id === job.id;
}

export function percentOf(job: Job): number {
  return Math.round(Math.min(1, Math.max(0, job.progress.fraction)) * 100);
}

/** "42% · 12.3 MB of 80 MB · 2.1 MB/s · about 2 min left"; the parts that are known. */
export function progressLine(job: Job): string {
  const parts = [`${percentOf(job)}%`];
  if (job.state === 'queued') parts.push('waiting to start');
  if (job.progress.detail) parts.push(job.progress.detail);
  const left = formatTimeLeft(job.progress.etaSec);
  if (left) parts.push(left);
  return parts.join(' · ');
}
