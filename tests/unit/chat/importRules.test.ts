import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SKIP_AFTER_VIDEO,
  SKIP_BEFORE_VIDEO,
  SKIP_NO_TIME,
  offsetProblem,
  offsetRules,
} from '../../../main/core/chat/importChat';
import type { ChatMessage } from '../../../main/core/chat/message';
import { loadedSqliteBinding, workerLaunch } from '../../../main/core/chat/importWorkerClient';

const at = (offsetSec: number): ChatMessage => ({ offsetSec, author: 'a', text: String(offsetSec), emotes: [] });

describe('offsetProblem', () => {
  it('places a message from 0 to the end of the video, inclusive', () => {
    for (const duration of [null, undefined, 0, 100]) expect(offsetProblem(0, duration)).toBeNull();
    expect(offsetProblem(100, 100)).toBeNull();
    expect(offsetProblem(100.001, 100)).toBe(SKIP_AFTER_VIDEO);
    expect(offsetProblem(1e9, null)).toBeNull();
    // A length that is not known (0, NaN) cuts nothing.
    expect(offsetProblem(1e9, 0)).toBeNull();
    expect(offsetProblem(1e9, Number.NaN)).toBeNull();
  });

  it('says why a message cannot be placed', () => {
    expect(offsetProblem(-0.001, 100)).toBe(SKIP_BEFORE_VIDEO);
    for (const bad of [Number.NaN, Infinity, -Infinity]) expect(offsetProblem(bad, 100)).toBe(SKIP_NO_TIME);
    expect(offsetProblem(-0, 100)).toBeNull();
  });
});

describe('offsetRules', () => {
  it('passes a clean batch through as the same array', () => {
    const batch = [at(1), at(2), at(3)];
    const skipped: string[] = [];
    expect(offsetRules(10).apply(batch, (r) => skipped.push(r))).toBe(batch);
    expect(skipped).toEqual([]);
  });

  it('leaves out and reports each message it cannot place, keeping the order of the rest', () => {
    const skipped: string[] = [];
    const kept = offsetRules(10).apply([at(Number.NaN), at(1), at(-1), at(2), at(11), at(3)], (r) => skipped.push(r));
    expect(kept.map((m) => m.offsetSec)).toEqual([1, 2, 3]);
    expect(skipped).toEqual([SKIP_NO_TIME, SKIP_BEFORE_VIDEO, SKIP_AFTER_VIDEO]);
  });

  it('moves every message by the chat sync before placing it on the video', () => {
    const skipped: string[] = [];
    const later = offsetRules(10, 2.5).apply([at(-2), at(0), at(7.5), at(8)], (r) => skipped.push(r));
    expect(later.map((m) => m.offsetSec)).toEqual([0.5, 2.5, 10]);
    expect(skipped).toEqual([SKIP_AFTER_VIDEO]);
    const earlier = offsetRules(10, -3).apply([at(1), at(3), at(13)], (r) => skipped.push(r));
    expect(earlier.map((m) => m.offsetSec)).toEqual([0, 10]);
    expect(skipped).toEqual([SKIP_AFTER_VIDEO, SKIP_BEFORE_VIDEO]);
  });

  it('counts messages earlier than one before them, across batches, without reordering', () => {
    const rules = offsetRules(null);
    const none = (): void => undefined;
    expect(rules.apply([at(5), at(4), at(6)], none).map((m) => m.offsetSec)).toEqual([5, 4, 6]);
    rules.apply([at(5.5), at(7), at(7)], none);
    // 4 < 5 and 5.5 < 6; equal offsets are in order.
    expect(rules.outOfOrder()).toBe(2);
  });
});

describe('workerLaunch', () => {
  const tsxApi = '/repo/node_modules/tsx/dist/esm/api/index.cjs';

  it('runs the TypeScript worker through tsx when the client itself is TypeScript (vitest, tsx)', () => {
    const url = pathToFileURL('/repo/main/core/chat/importWorkerClient.ts').href;
    expect(workerLaunch(url, () => false, () => tsxApi)).toEqual({
      kind: 'source',
      workerUrl: pathToFileURL('/repo/main/core/chat/importWorker.ts').href,
      tsxApiUrl: pathToFileURL('/repo/node_modules/tsx/dist/esm/api/index.mjs').href,
    });
  });

  it('finds the built worker beside the bundle or one folder up from a chunk', () => {
    const built = join('/app/out/main', 'importWorker.js');
    const exists = (path: string): boolean => path === built;
    expect(workerLaunch(pathToFileURL('/app/out/main/cli.js').href, exists)).toEqual({ kind: 'built', workerPath: built });
    expect(workerLaunch(pathToFileURL('/app/out/main/chunks/security-abc.js').href, exists)).toEqual({
      kind: 'built',
      workerPath: built,
    });
  });

  it('says the build is incomplete when the worker is missing', () => {
    expect(() => workerLaunch(pathToFileURL('/app/out/main/cli.js').href, () => false)).toThrow(/npm run build/);
  });

  it('resolves the real tsx API from the sources', () => {
    const launch = workerLaunch(pathToFileURL(join(process.cwd(), 'main/core/chat/importWorkerClient.ts')).href);
    expect(launch.kind === 'source' && launch.tsxApiUrl.endsWith('/tsx/dist/esm/api/index.mjs')).toBe(true);
  });
});

describe('loadedSqliteBinding', () => {
  it('names the better-sqlite3 addon this process loaded (Electron passes its own build)', () => {
    const electron = '/app/.electron-native/better_sqlite3.node';
    expect(loadedSqliteBinding({ '/app/node_modules/zod/index.js': {}, [electron]: {} })).toBe(electron);
    expect(loadedSqliteBinding({ 'C:\\app\\native\\better_sqlite3.node': {} })).toBe('C:\\app\\native\\better_sqlite3.node');
    expect(loadedSqliteBinding({ '/x/not_better_sqlite3.node.js': {} })).toBeUndefined();
  });
});
