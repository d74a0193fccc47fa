// Which migration steps a database at a given user_version needs. Pure, so the refusal of a newer
// database is tested without building one.
import { AppError } from '../errors';

/** Indexes into `migrations` to run, in order; throws for a database written by a newer version. */
export function migrationPlan(userVersion: number, known: number): number[] {
  if (!Number.isInteger(userVersion) || userVersion < 0) {
    throw new AppError('INTERNAL', `The library database has an invalid schema version (${userVersion}).`);
  }
  if (userVersion > known) {
    throw new AppError(
      'INTERNAL',
      `The library database was written by a newer version of Highlighter (schema ${userVersion}; this version knows up to ${known}). ` +
        'Update Highlighter, or choose another data folder with HIGHLIGHTER_DATA_DIR.',
    );
  }
  const steps: number[] = [];
  for (let i = userVersion; i < known; i++) steps.push(i);
  return steps;
}
