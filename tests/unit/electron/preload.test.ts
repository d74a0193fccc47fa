// The preload end to end against the double: its bridge is installed in a separate V8 context (as in the
// page's world), calls go through the real bindIpc handlers, events through forwardEvents.
import { EventEmitter } from 'node:events';
import vm from 'node:vm';
import { beforeAll, describe, expect, it, vi, type Mock } from 'vitest';
import { methodNames, type HighlighterApi, type HighlighterBridge, type Job, type MethodName } from '../../../preload/contract';
import type { CoreEvents } from '../../../main/core/core';
import { AppError } from '../../../main/core/errors';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);

import { bindIpc, forwardEvents } from '../../../main/ipc';
import { createTransport } from '../../../preload/index';
import { double } from './electronDouble';

const APP_URL = 'file:///double/app/out/renderer/index.html';

const mocks = Object.fromEntries(
  methodNames.map((name) => [name, vi.fn(async (args: unknown): Promise<unknown> => ({ name, args }))]),
) as Record<MethodName, Mock<(args: unknown) => Promise<unknown>>>;
const api = mocks as unknown as HighlighterApi;
const emitter = new EventEmitter();
const coreEvents: CoreEvents = {
  on(event, listener) {
    emitter.on(event, listener);
    return () => emitter.off(event, listener);
  },
};

let bridge: HighlighterBridge;
let pageError: ErrorConstructor;

beforeAll(() => {
  bindIpc(double.ipcMain, api, { isTrustedSender: (url) => url === APP_URL });
  const window = new double.BrowserWindow();
  forwardEvents(coreEvents, window.webContents);
  const page = double.contextBridge.mainWorld!;
  bridge = (page as { highlighter: HighlighterBridge }).highlighter;
  pageError = vm.runInContext('Error', page) as ErrorConstructor;
});

describe('preload bridge', () => {
  it('is installed in the page world through executeInMainWorld, once', () => {
    expect(double.contextBridge.executeInMainWorld).toHaveBeenCalledOnce();
    expect(bridge).toBeDefined();
  });

  it('exposes exactly the contract methods plus on, mediaUrl, pathForFile and transport', () => {
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, 'mediaUrl', 'on', 'pathForFile', 'transport'].sort());
    for (const name of methodNames) expect(bridge[name], name).toBeTypeOf('function');
    expect(bridge.transport).toBe('electron');
  });

  it('cannot be replaced or changed by page scripts', () => {
    const page = double.contextBridge.mainWorld!;
    expect(vm.runInContext('Object.isFrozen(highlighter)', page)).toBe(true);
    vm.runInContext('try { highlighter = null } catch {}; try { highlighter.openLocal = null } catch {}', page);
    expect((page as { highlighter: HighlighterBridge }).highlighter.openLocal).toBeTypeOf('function');
  });

  it.each(methodNames)('%s unwraps the envelope to the API result', async (name) => {
    mocks[name].mockClear();
    const call = bridge[name] as (args: unknown) => Promise<unknown>;
    const args = name === 'openProject' ? { projectId: 4 } : undefined;
    if (args || ['getAppInfo', 'listProjects', 'listJobs'].includes(name)) {
      await expect(call(args)).resolves.toEqual({ name, args: args ?? {} });
      expect(mocks[name]).toHaveBeenCalledOnce();
    } else {
      // Calling without arguments is refused by validation, never by a crash in the bridge.
      await expect(call(undefined)).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
      expect(mocks[name]).not.toHaveBeenCalled();
    }
  });

  it('throws a page-world Error carrying the user message and the code', async () => {
    mocks.openProject.mockImplementationOnce(async () => {
      throw new AppError('NOT_FOUND', 'That project no longer exists.');
    });
    const error = await bridge.openProject({ projectId: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pageError);
    expect(error).toMatchObject({ message: 'That project no longer exists.', code: 'NOT_FOUND', name: 'HighlighterError' });
  });

  it('reports bad arguments as BAD_ARGUMENTS with a readable message', async () => {
    const error = await bridge.detect({ projectId: 1, sensitivity: 7 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_ARGUMENTS', message: expect.stringContaining('sensitivity') });
  });

  it('delivers events with their payload only, and unsubscribes', () => {
    const listener = vi.fn();
    const stop = bridge.on('job', listener);
    const job = { id: 1, state: 'running' } as unknown as Job;
    emitter.emit('job', job);
    emitter.emit('project', { projectId: 3 });
    expect(listener.mock.calls).toEqual([[job]]);
    expect(double.ipcRenderer.listenerCount('highlighter:event:job')).toBe(1);
    stop();
    expect(double.ipcRenderer.listenerCount('highlighter:event:job')).toBe(0);
    emitter.emit('job', job);
    expect(listener).toHaveBeenCalledOnce();
  });

  it('refuses to subscribe to events outside the contract', () => {
    expect(() => bridge.on('bogus' as 'job', () => undefined)).toThrow(/Unknown event "bogus"/);
    expect(double.ipcRenderer.listenerCount('highlighter:event:bogus')).toBe(0);
  });

  it('builds media URLs the protocol accepts', () => {
    expect(bridge.mediaUrl(12)).toBe('media://file/12');
  });

  it('finds the path of a dropped file, or null', () => {
    expect(bridge.pathForFile({ path: '/home/me/vod.mp4' } as unknown as File)).toBe('/home/me/vod.mp4');
    expect(bridge.pathForFile({} as File)).toBeNull();
    double.webUtils.getPathForFile.mockImplementationOnce(() => {
      throw new Error('not a File');
    });
    expect(bridge.pathForFile({} as File)).toBeNull();
  });
});

describe('createTransport', () => {
  it('never sends a method outside the contract over IPC', async () => {
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
    const transport = createTransport(ipc as never, { getPathForFile: () => '' });
    await expect(transport.invoke('__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    await expect(transport.invoke('deleteEverything', {})).resolves.toMatchObject({ ok: false });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });
});
