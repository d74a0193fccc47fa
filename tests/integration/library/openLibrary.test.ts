// Opening, migrating and reopening a real SQLite library in a temporary folder.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Probe } from '../../../preload/contract';
import { AppError } from '../../../main/core/errors';
import { migrate } from '../../../main/core/library/migrate';
import { migrations } from '../../../main/core/library/migrations';
import { DATABASE_FILE, openLibrary } from '../../../main/core/library/openLibrary';

const probe: Probe = {
  durationSec: 3600,
  sizeBytes: 1_000_000,
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  video: { codec: 'h264', width: 1920, height: 1080, fps: 30, keyframeIntervalSec: 2 },
  audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hl-open-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('openLibrary', () => {
  it('creates the data folder and a migrated WAL database with foreign keys on', () => {
    const dataDir = join(root, 'nested', 'data');
    const lib = openLibrary(dataDir);
    try {
      expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
      expect(lib.dataDir).toBe(dataDir);
      expect(lib.db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(lib.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      const tables = lib.db
        .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['chat_features', 'chat_imports', 'chat_messages', 'highlights', 'jobs', 'media', 'projects', 'settings', 'vods']);
    } finally {
      lib.close();
    }
  });

  it('keeps data across close and reopen without migrating again', () => {
    const first = openLibrary(root);
    const media = first.media.upsert(join(root, 'vod.mp4'), probe, { size: 10, mtimeMs: 1 });
    const project = first.projects.create({ name: 'vod', mediaId: media.id });
    first.highlights.replaceAll(project.id, [
      { id: 'a', start: 10, end: 20, score: 1, origin: 'auto', edited: false, tags: ['hype'], evidence: null, label: 'x' },
    ]);
    first.settings.set('theme', 'dark');
    first.close();
    first.close(); // idempotent

    const second = openLibrary(root);
    try {
      expect(second.db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(second.media.get(media.id)).toEqual(media);
      expect(second.projects.get(project.id)).toMatchObject({
        name: 'vod',
        mediaId: media.id,
        sensitivity: 0.5,
        createdAt: project.createdAt,
      });
      expect(second.highlights.list(project.id)).toHaveLength(1);
      expect(second.settings.get('theme')).toBe('dark');
    } finally {
      second.close();
    }
  });

  it('refuses a database from a newer version, and leaves it untouched and unlocked', () => {
    openLibrary(root).close();
    const raw = new Database(join(root, DATABASE_FILE));
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();

    const error = errorOf(() => openLibrary(root));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/newer version of Highlighter/);

    const check = new Database(join(root, DATABASE_FILE));
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    check.close();
  });

  it('reports a file that is not a database as INTERNAL with the path', () => {
    writeFileSync(join(root, DATABASE_FILE), 'this is not sqlite, just some text that is long enough '.repeat(40));
    const error = errorOf(() => openLibrary(root));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain(join(root, DATABASE_FILE));
  });

  it('reports a native binding that cannot load as INTERNAL', () => {
    const error = errorOf(() => openLibrary(root, { nativeBinding: join(root, 'missing.node') }));
    expect(error.code).toBe('INTERNAL');
  });

  it('discards chat imports a previous process left unfinished', async () => {
    const first = openLibrary(root);
    const media = first.media.upsert(join(root, 'vod.mp4'), probe, { size: 10, mtimeMs: 1 });
    const project = first.projects.create({ name: 'vod', mediaId: media.id });
    const importId = first.chat.beginImport(project.id, { path: '/chat.json', format: 'twitch-json' });
    first.chat.appendBatch(importId, [{ offsetSec: 1, author: 'a', text: 'hi', emotes: [] }]);
    first.close(); // "crash" mid-import

    const second = openLibrary(root);
    try {
      expect(second.chat.info(project.id)).toBeNull();
      await second.chat.whenCleanedUp();
      expect(second.db.prepare('SELECT COUNT(*) FROM chat_imports').pluck().get()).toBe(0);
      expect(second.db.prepare('SELECT COUNT(*) FROM chat_messages').pluck().get()).toBe(0);
    } finally {
      second.close();
    }
  });
});

it('finishes deleting a replaced chat after a close in the middle of it', async () => {
  const first = openLibrary(root);
  const media = first.media.upsert(join(root, 'vod.mp4'), probe, { size: 10, mtimeMs: 1 });
  const project = first.projects.create({ name: 'vod', mediaId: media.id });
  for (const count of [50_000, 1]) {
    const id = first.chat.beginImport(project.id, { path: `/chat-${count}.json`, format: 'f' });
    first.chat.appendBatch(id, Array.from({ length: count }, (_, i) => ({ offsetSec: i, author: '', text: 'x', emotes: [] })));
    first.chat.finishImport(id, { skipped: 0 });
  }
  first.close(); // before the background deletion could run

  const second = openLibrary(root);
  try {
    expect(second.chat.info(project.id)?.messageCount).toBe(1);
    await second.chat.whenCleanedUp();
    expect(second.db.prepare('SELECT COUNT(*) FROM chat_messages').pluck().get()).toBe(1);
    expect(second.db.prepare('SELECT COUNT(*) FROM chat_imports').pluck().get()).toBe(1);
  } finally {
    second.close();
  }
});

it('upgrades a library of the previous schema: ranges get an empty label, projects no view, in their saved order', () => {
  const file = join(root, DATABASE_FILE);
  const old = new Database(file);
  migrate(old, migrations.slice(0, 5));
  old.exec(`
    INSERT INTO media (id, path, name, probe, duration_sec, size_bytes, mtime_ms, created_at, updated_at)
      VALUES (1, '/v.mp4', 'v.mp4', '${JSON.stringify(probe)}', 3600, 1, 1, 't', 't');
    INSERT INTO projects (id, name, media_id, created_at, updated_at) VALUES (1, 'v', 1, 't', 't');
    INSERT INTO highlights (project_id, id, position, start_sec, end_sec, score, origin, edited)
      VALUES (1, 'late', 0, 100, 110, 1, 'auto', 0), (1, 'early', 1, 10, 20, 1, 'manual', 1);
  `);
  old.close();

  const lib = openLibrary(root);
  try {
    expect(lib.db.pragma('user_version', { simple: true })).toBe(6);
    expect(lib.highlights.list(1).map((h) => [h.id, h.label])).toEqual([
      ['late', ''],
      ['early', ''],
    ]);
    expect(lib.projects.get(1)).toMatchObject({ view: null, updatedAt: 't' });
  } finally {
    lib.close();
  }
});

describe('migrate', () => {
  it('runs only the new steps on an existing database', () => {
    const db = new Database(join(root, 'm.db'));
    try {
      migrate(db, [{ description: 'one', sql: 'CREATE TABLE one (a)' }]);
      db.prepare('INSERT INTO one VALUES (1)').run();
      migrate(db, [
        { description: 'one', sql: 'CREATE TABLE one (a)' }, // would fail if run again
        { description: 'two', sql: 'CREATE TABLE two (b)' },
      ]);
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT a FROM one').pluck().all()).toEqual([1]);
    } finally {
      db.close();
    }
  });

  it('rolls a failing step back entirely and keeps the previous version', () => {
    const db = new Database(join(root, 'm.db'));
    try {
      migrate(db, [{ description: 'one', sql: 'CREATE TABLE one (a)' }]);
      expect(() =>
        migrate(db, [
          { description: 'one', sql: 'CREATE TABLE one (a)' },
          { description: 'broken', sql: 'CREATE TABLE two (b); INSERT INTO missing VALUES (1);' },
        ]),
      ).toThrow(/missing/);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'two'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
