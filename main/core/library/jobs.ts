// SQLite persistence of the job queue, so a restart shows what ran and can resume it.
import type { Database } from 'better-sqlite3';
import type { Job, JobState } from '../../../preload/contract';
import { AppError } from '../errors';
import type { JobStore } from '../jobs/store';
import { isConstraintError } from './sqliteErrors';

export type { JobStore, NewJob } from '../jobs/store';

interface Row {
  id: number;
  kind: string;
  title: string;
  project_id: number | null;
  state: JobState;
  fraction: number;
  eta_sec: number | null;
  detail: string | null;
  params: string;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** JSON text of a value, or null for undefined; a value JSON cannot hold is a programming error. */
function toJson(value: unknown, what: string): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch (error) {
    throw new AppError('INTERNAL', `The job's ${what} cannot be stored as JSON.`, { cause: error });
  }
}

function toJob(row: Row): Job {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    projectId: row.project_id,
    state: row.state,
    progress: { fraction: row.fraction, etaSec: row.eta_sec, detail: row.detail },
    params: parseJson(row.params),
    result: parseJson(row.result),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function jobStore(db: Database): JobStore {
  const insert = db.prepare<[string, string, number | null, string, string, string], Row>(
    `INSERT INTO jobs (kind, title, project_id, state, params, created_at, updated_at)
     VALUES (?, ?, ?, 'queued', ?, ?, ?) RETURNING *`,
  );
  const byId = db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?');
  const newest = db.prepare<[number], Row>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?');
  const unfinished = db.prepare<[], Row>(`SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY id`);
  const save = db.prepare<[SaveParams]>(
    `UPDATE jobs SET state = @state, fraction = @fraction, eta_sec = @etaSec, detail = @detail,
       result = @result, error_code = @errorCode, error_message = @errorMessage, updated_at = @updatedAt
     WHERE id = @id`,
  );

  return {
    create(job) {
      const params = toJson(job.params, 'parameters') ?? 'null';
      try {
        return toJob(insert.get(job.kind, job.title, job.projectId, params, job.createdAt, job.createdAt)!);
      } catch (error) {
        if (isConstraintError(error, 'FOREIGNKEY')) {
          throw new AppError('NOT_FOUND', `There is no project #${job.projectId} in the library.`, { cause: error });
        }
        throw error;
      }
    },
    get(id) {
      const row = byId.get(id);
      return row ? toJob(row) : null;
    },
    list(opts) {
      // SQLite treats a negative LIMIT as "no limit".
      return newest.all(opts?.limit ?? -1).map(toJob);
    },
    unfinished() {
      return unfinished.all().map(toJob);
    },
    save(job) {
      save.run({
        id: job.id,
        state: job.state,
        fraction: job.progress.fraction,
        etaSec: job.progress.etaSec,
        detail: job.progress.detail,
        result: toJson(job.result, 'result'),
        errorCode: job.error?.code ?? null,
        errorMessage: job.error?.message ?? null,
        updatedAt: job.updatedAt,
      });
    },
  };
}

interface SaveParams {
  id: number;
  state: JobState;
  fraction: number;
  etaSec: number | null;
  detail: string | null;
  result: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  updatedAt: string;
}
