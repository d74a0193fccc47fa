// Deleting a project's rows in one transaction: its jobs (their rows would otherwise stay, detached),
// the project (its ranges, VOD row and chat imports go with it by ON DELETE CASCADE) and its video's
// media row once no other project uses it. The chat messages are purged before this, in the
// background (chatPurge.ts): deleting a million of them here would block the process.
import type { Database } from 'better-sqlite3';
import { AppError } from '../errors';

export interface RemovedRows {
  mediaId: number;
  /** False when another project still uses the video. */
  mediaRemoved: boolean;
}

export function projectRowsRemover(db: Database): (projectId: number) => RemovedRows {
  const mediaOf = db.prepare<[number], number>('SELECT media_id FROM projects WHERE id = ?').pluck();
  const deleteJobs = db.prepare<[number]>('DELETE FROM jobs WHERE project_id = ?');
  const deleteProject = db.prepare<[number]>('DELETE FROM projects WHERE id = ?');
  const mediaUsers = db.prepare<[number], number>('SELECT COUNT(*) FROM projects WHERE media_id = ?').pluck();
  const deleteMedia = db.prepare<[number]>('DELETE FROM media WHERE id = ?');

  const remove = db.transaction((projectId: number): RemovedRows => {
    const mediaId = mediaOf.get(projectId);
    if (mediaId === undefined) throw new AppError('NOT_FOUND', `There is no project #${projectId} in the library.`);
    deleteJobs.run(projectId);
    deleteProject.run(projectId);
    const mediaRemoved = mediaUsers.get(mediaId) === 0;
    if (mediaRemoved) deleteMedia.run(mediaId);
    return { mediaId, mediaRemoved };
  });
  return (projectId) => remove.immediate(projectId);
}
