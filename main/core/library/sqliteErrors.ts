// Recognises SQLite constraint failures so repositories can turn them into errors the user understands.

/** True for a better-sqlite3 error whose code is SQLITE_CONSTRAINT_<kind> (e.g. 'FOREIGNKEY', 'PRIMARYKEY'). */
export function isConstraintError(error: unknown, kind: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === `SQLITE_CONSTRAINT_${kind}`
  );
}
