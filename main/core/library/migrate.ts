// Brings an open database to the current schema, one transaction per step so a failed step leaves
// the database at the previous version instead of half-migrated.
import type { Database } from 'better-sqlite3';
import { migrationPlan } from './migrationPlan';
import { migrations, type Migration } from './migrations';

export function migrate(db: Database, steps: readonly Migration[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const index of migrationPlan(current, steps.length)) {
    const step = steps[index]!;
    db.transaction(() => {
      db.exec(step.sql);
      // user_version lives in the database header and is written by this transaction too.
      db.pragma(`user_version = ${index + 1}`);
    }).immediate();
  }
}
