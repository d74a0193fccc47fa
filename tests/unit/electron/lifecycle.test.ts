// main/index.ts against the Electron double and a fake core: what happens before ready, at ready, on a
// second launch and at quit. The module runs on import, so argv/env are set first and it is imported once.
import { EventEmitter } from 'node:events';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames, type HighlighterApi } from '../../../preload/contract';
import type { Core, CoreOptions } from '../../../main/core/core';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);

const fake = vi.hoisted(() => {
  let finishClose: () => void = () => undefined;
  return {
    events: null as unknown as import('node:events').EventEmitter,
    createCore: null as unknown as (opts: CoreOptions) => Promise<Core>,
    closeCalls: 0,
    finishClose: () => finishClose(),
    setFinishClose: (fn: () => void) => (finishClose = fn),
  };
});
vi.mock('../../../main/core/index', () => ({ createCore: (opts: CoreOptions) => fake.createCore(opts) }));

import { double, type BrowserWindowDouble } from './electronDouble';

const DATA_DIR = join(tmpdir(), 'highlighter-lifecycle-data');
const APP_URL = 'file:///double/app/out/renderer/index.html';
const INDEX = '/double/app/out/renderer/index.html';
const savedArgv = process.argv;
const savedEnv = process.env.HIGHLIGHTER_DATA_DIR;

const createCore = vi.fn(async (opts: CoreOptions): Promise<Core> => {
  const emitter = new EventEmitter();
  fake.events = emitter;
  const api = Object.fromEntries(methodNames.map((name) => [name, async () => ({ name })])) as unknown as HighlighterApi;
  return {
    api,
    events: {
      on(event, listener) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    },
    mediaPath: () => null,
    dataDir: opts.dataDir,
    close: vi.fn(() => {
      fake.closeCalls += 1;
      return new Promise<void>((done) => fake.setFinishClose(done));
    }),
  };
});

let mod: typeof import('../../../main/index');
const windows = () => double.BrowserWindow.instances as BrowserWindowDouble[];

beforeAll(async () => {
  fake.createCore = createCore;
  process.argv = ['/opt/electron/electron', '/double/app', '--inspect=0', '/videos/first clip.mp4'];
  Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
  process.env.HIGHLIGHTER_DATA_DIR = DATA_DIR;
  mod = await import('../../../main/index');
});

afterAll(() => {
  process.argv = savedArgv;
  if (savedEnv === undefined) delete process.env.HIGHLIGHTER_DATA_DIR;
  else process.env.HIGHLIGHTER_DATA_DIR = savedEnv;
  Reflect.deleteProperty(process, 'defaultApp');
});

describe('main process lifecycle', () => {
  it('before ready: registers media:// as privileged, takes the lock, points userData at the data folder', () => {
    expect(double.state.ready).toBe(false);
    expect(double.protocol.privileged).toEqual([
      { scheme: 'media', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
    ]);
    expect(double.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(double.app.getPath('userData')).toBe(DATA_DIR);
    expect(windows()).toHaveLength(0);
  });

  it('starts the core with the data folder and native dialogs', () => {
    expect(createCore).toHaveBeenCalledOnce();
    const opts = createCore.mock.calls[0]![0];
    expect(opts.dataDir).toBe(DATA_DIR);
    expect(opts.dialogs?.chooseFile).toBeTypeOf('function');
    // No Electron build of better-sqlite3 under /double/app/.electron-native.
    expect(opts.sqliteNativeBinding).toBeUndefined();
  });

  it('at ready: serves media://, binds IPC, installs the menu and opens the window on the argv video', async () => {
    double.app.makeReady();
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    expect(double.protocol.handlers.has('media')).toBe(true);
    expect([...double.ipcMain.handlers.keys()].sort()).toEqual(methodNames.map((n) => `highlighter:${n}`).sort());
    expect(double.Menu.setApplicationMenu).toHaveBeenCalledOnce();
    const window = windows()[0]!;
    expect((window.options.webPreferences as { preload: string }).preload).toBe('/double/app/out/preload/index.cjs');
    expect(window.loads).toEqual([{ kind: 'file', file: INDEX, options: { query: { open: '/videos/first clip.mp4' } } }]);
  });

  it('answers IPC from its own page only', async () => {
    await expect(double.ipcMain.invoke('highlighter:listJobs', `${APP_URL}?open=x`, {})).resolves.toEqual({
      ok: true,
      value: { name: 'listJobs' },
    });
    await expect(double.ipcMain.invoke('highlighter:listJobs', 'https://evil.example/', {})).resolves.toMatchObject({
      ok: false,
    });
  });

  it('forwards core events to the window', () => {
    fake.events.emit('project', { projectId: 5 });
    expect(windows()[0]!.webContents.sent).toContainEqual({ channel: 'highlighter:event:project', args: [{ projectId: 5 }] });
  });

  it('a second launch with a path focuses the window and opens the path', () => {
    const window = windows()[0]!;
    window.minimized = true;
    double.app.emit('second-instance', {}, ['/opt/electron/electron', '/double/app', '--original-process-start-time=1', 'other.mkv'], '/home/me');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalled();
    expect(window.loads.at(-1)).toEqual({ kind: 'file', file: INDEX, options: { query: { open: '/home/me/other.mkv' } } });
    expect(windows()).toHaveLength(1);
  });

  it('a second launch without a path only focuses', () => {
    const window = windows()[0]!;
    const loads = window.loads.length;
    window.focus.mockClear();
    double.app.emit('second-instance', {}, ['/opt/electron/electron', '/double/app'], '/home/me');
    expect(window.focus).toHaveBeenCalledOnce();
    expect(window.loads).toHaveLength(loads);
  });

  it('macOS open-file opens the path', () => {
    const event = { preventDefault: vi.fn() };
    double.app.emit('open-file', event, '/Users/me/vod.mov');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(windows()[0]!.loads.at(-1)).toMatchObject({ options: { query: { open: '/Users/me/vod.mov' } } });
  });

  it('stops forwarding events to a closed window', () => {
    const window = windows()[0]!;
    window.close();
    expect(fake.events.listenerCount('job')).toBe(0);
    expect(fake.events.listenerCount('project')).toBe(0);
  });

  it('quits only after the core has closed', async () => {
    double.app.quit();
    expect(fake.closeCalls).toBe(1);
    expect(double.state.quitted).toBe(false);
    double.app.quit(); // a second request while closing does not close twice
    expect(fake.closeCalls).toBe(1);
    fake.finishClose();
    await vi.waitFor(() => expect(double.state.quitted).toBe(true));
    expect(fake.closeCalls).toBe(1);
  });
});

describe('videoPathFromArgv', () => {
  it.each([
    [['/opt/Highlighter/highlighter', '/v/a.mp4'], false, '/v/a.mp4'],
    [['/opt/Highlighter/highlighter', 'a.mp4'], false, '/cwd/a.mp4'],
    [['/opt/Highlighter/highlighter'], false, null],
    [['/opt/Highlighter/highlighter', '--no-sandbox'], false, null],
    [['/opt/Highlighter/highlighter', '--original-process-start-time=5', '/v/a.mp4'], false, '/v/a.mp4'],
    [['electron', '.', '/v/a.mp4'], true, '/v/a.mp4'],
    [['electron', '.'], true, null],
    [['electron', '--inspect', '.', 'b.mkv'], true, '/cwd/b.mkv'],
    [['electron', '/app'], true, null],
    [['highlighter', '/v/a.mp4', '/v/b.mp4'], false, '/v/b.mp4'],
    [['highlighter', ''], false, null],
  ] as const)('%j (defaultApp %s) → %s', (argv, isDefaultApp, expected) => {
    expect(mod.videoPathFromArgv(argv, '/cwd', isDefaultApp)).toBe(expected);
  });
});

describe('electronSqliteBinding', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'highlighter-native-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses .electron-native in development and resources/native when packaged, only if present', async () => {
    expect(mod.electronSqliteBinding(dir, undefined, false)).toBeUndefined();
    await mkdir(join(dir, '.electron-native'));
    await writeFile(join(dir, '.electron-native', 'better_sqlite3.node'), '');
    expect(mod.electronSqliteBinding(dir, undefined, false)).toBe(resolve(dir, '.electron-native/better_sqlite3.node'));
    expect(mod.electronSqliteBinding('/elsewhere', dir, true)).toBeUndefined();
    await mkdir(join(dir, 'native'));
    await writeFile(join(dir, 'native', 'better_sqlite3.node'), '');
    expect(mod.electronSqliteBinding('/elsewhere', dir, true)).toBe(join(dir, 'native', 'better_sqlite3.node'));
  });
});
