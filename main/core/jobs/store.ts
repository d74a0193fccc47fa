// What the job queue needs from persistence. The library implements it on SQLite; the queue itself
// knows nothing about storage.
import type { Job } from '../../../preload/contract';

export interface NewJob {
  kind: string;
  title: string;
  projectId: number | null;
  params: unknown;
  /** ISO timestamp; also the first updatedAt. */
  createdAt: string;
}

export interface JobStore {
  /** Persists a new job in state 'queued' with no progress. */
  create(job: NewJob): Job;
  get(id: number): Job | null;
  /** Newest first; all of them unless `limit` is given. */
  list(opts?: { limit?: number }): Job[];
  /** Jobs in state 'queued' or 'running', oldest first. */
  unfinished(): Job[];
  /** Writes the job's state, progress, result, error and updatedAt. */
  save(job: Job): void;
}
