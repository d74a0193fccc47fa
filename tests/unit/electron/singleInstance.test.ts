// A second Highlighter on the same data folder hands over its argv (see lifecycle.test.ts) and quits at once.
import { afterAll, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);
const createCore = vi.hoisted(() => vi.fn());
vi.mock('../../../main/core/index', () => ({ createCore }));

import { double } from './electronDouble';

const savedArgv = process.argv;
afterAll(() => {
  process.argv = savedArgv;
});

it('quits without starting the core or opening a window when another instance holds the lock', async () => {
  double.state.gotLock = false;
  process.argv = ['/opt/Highlighter/highlighter', '/v/a.mp4'];
  await import('../../../main/index');
  expect(double.app.quit).toHaveBeenCalledOnce();
  expect(double.state.quitted).toBe(true);
  double.app.makeReady();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(createCore).not.toHaveBeenCalled();
  expect(double.BrowserWindow.instances).toHaveLength(0);
  expect(double.ipcMain.handlers.size).toBe(0);
});
