// The library's schema as an ordered list of steps. Step i brings a database from user_version i to
// i + 1; a released step is never edited, only followed by a new one (users' databases already ran it).
export interface Migration {
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    description: 'initial schema: media, projects, chat imports and messages, highlights, jobs, settings',
    sql: `
      CREATE TABLE media (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        probe TEXT NOT NULL,              -- contract Probe as JSON
        duration_sec REAL NOT NULL,       -- copied out of probe so lists need no JSON parsing
        size_bytes INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        media_id INTEGER NOT NULL REFERENCES media(id),
        sensitivity REAL NOT NULL DEFAULT 0.5,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Orders "most recently updated" exactly even when two updates share a millisecond.
        update_seq INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX projects_by_media ON projects(media_id);
      CREATE INDEX projects_by_update ON projects(update_seq);

      -- One row per attempt to import a chat file. A project's chat is its single 'done' import;
      -- messages of 'importing' and 'discarded' (replaced or aborted, being deleted in the background)
      -- imports are never read.
      CREATE TABLE chat_imports (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('importing', 'done', 'discarded')),
        message_count INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        imported_at TEXT
      );
      CREATE INDEX chat_imports_by_project ON chat_imports(project_id, state);

      CREATE TABLE chat_messages (
        import_id INTEGER NOT NULL REFERENCES chat_imports(id) ON DELETE CASCADE,
        offset_sec REAL NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        emotes TEXT NOT NULL              -- JSON array of emote names
      );
      CREATE INDEX chat_messages_by_offset ON chat_messages(import_id, offset_sec);

      CREATE TABLE highlights (
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,        -- order in the reel, as last saved
        start_sec REAL NOT NULL,
        end_sec REAL NOT NULL,
        score REAL NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
        edited INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',  -- JSON array
        PRIMARY KEY (project_id, id)
      ) WITHOUT ROWID;

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
        fraction REAL NOT NULL DEFAULT 0,
        eta_sec REAL,
        detail TEXT,
        params TEXT NOT NULL,             -- JSON
        result TEXT,                      -- JSON
        error_code TEXT,
        error_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_by_state ON jobs(state);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL               -- JSON
      ) WITHOUT ROWID;
    `,
  },
  {
    description: 'Twitch VODs: the VOD behind a project, its download state, muted stretches and clips',
    sql: `
      CREATE TABLE vods (
        project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        vod_id TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        channel_login TEXT NOT NULL,
        channel_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        quality TEXT NOT NULL,            -- variant group id, e.g. 'chunked'
        video_state TEXT NOT NULL CHECK (video_state IN ('none', 'partial', 'complete')),
        muted TEXT NOT NULL DEFAULT '[]', -- JSON [{start, end}]
        clips TEXT NOT NULL DEFAULT '[]', -- JSON contract VodClip[]
        metadata TEXT NOT NULL            -- JSON VodMetadata as fetched
      ) WITHOUT ROWID;
    `,
  },
  {
    description: 'detector explanations and target reel length; per-second chat features of each import',
    sql: `
      ALTER TABLE highlights ADD COLUMN evidence TEXT;   -- JSON contract Evidence, NULL for manual ranges
      ALTER TABLE projects ADD COLUMN target_reel_sec REAL;
      -- What the detector reads instead of the messages (computed while importing): JSON ChatFeatures.
      CREATE TABLE chat_features (
        import_id INTEGER PRIMARY KEY REFERENCES chat_imports(id) ON DELETE CASCADE,
        data TEXT NOT NULL
      );
    `,
  },
  {
    description: 'chat sync: seconds added to every message time of an import',
    sql: `
      ALTER TABLE chat_imports ADD COLUMN shift_sec REAL NOT NULL DEFAULT 0;
    `,
  },
  {
    description: 'VODs opened while their stream was still live',
    sql: `
      -- The stream was still going when its VOD was opened: the project ends where the stream was then.
      ALTER TABLE vods ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    description: 'range labels; the editor view of each project',
    sql: `
      ALTER TABLE highlights ADD COLUMN label TEXT NOT NULL DEFAULT '';
      -- JSON contract ProjectView, NULL until the editor saves one. Not an edit: updated_at stays.
      ALTER TABLE projects ADD COLUMN view TEXT;
    `,
  },
];
