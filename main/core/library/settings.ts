// Small app-wide preferences as JSON values under string keys.
import type { Database } from 'better-sqlite3';

export interface SettingsRepository {
  get<T>(key: string): T | undefined;
  /** Stores any JSON value; undefined removes the key. */
  set(key: string, value: unknown): void;
}

export function settingsRepository(db: Database): SettingsRepository {
  const get = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const set = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');

  return {
    get<T>(key: string) {
      const value = get.get(key);
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    set(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) remove.run(key);
      else set.run(key, json);
    },
  };
}
