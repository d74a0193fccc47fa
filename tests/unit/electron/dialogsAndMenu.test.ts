import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', async () => (await import('./electronDouble')).electronModule);

import { createDialogs, dialogRequest } from '../../../main/dialogs';
import { installMenu, menuTemplate } from '../../../main/menu';
import { double } from './electronDouble';

describe('dialogRequest', () => {
  it('opens a video with a video filter first', () => {
    const request = dialogRequest('video', '/home/me');
    expect(request.kind).toBe('open');
    expect(request.options.defaultPath).toBe('/home/me');
    expect(request.options.filters?.[0]?.extensions).toEqual(expect.arrayContaining(['mp4', 'mkv', 'webm', 'mov', 'ts']));
    expect(request.kind === 'open' && request.options.properties).toEqual(['openFile']);
  });

  it('opens chat with chat-log extensions', () => {
    const request = dialogRequest('chat');
    expect(request.kind).toBe('open');
    expect(request.options.defaultPath).toBeUndefined();
    expect(request.options.filters?.[0]?.extensions).toEqual(expect.arrayContaining(['json', 'jsonl', 'txt', 'gz']));
  });

  it('saves an export as mp4 only', () => {
    const request = dialogRequest('export', '/home/me/reel.mp4');
    expect(request.kind).toBe('save');
    expect(request.options.filters).toEqual([{ name: 'MP4 video', extensions: ['mp4'] }]);
  });
});

describe('createDialogs', () => {
  beforeEach(() => {
    double.dialog.showOpenDialog.mockReset();
    double.dialog.showSaveDialog.mockReset();
  });

  it('returns the chosen file, attached to the window when there is one', async () => {
    const window = new double.BrowserWindow();
    double.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/v/vod.mkv'] });
    const dialogs = createDialogs(() => window as never);
    await expect(dialogs.chooseFile('video')).resolves.toBe('/v/vod.mkv');
    expect(double.dialog.showOpenDialog.mock.calls[0]?.[0]).toBe(window);
  });

  it('returns null when the user cancels', async () => {
    double.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    double.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const dialogs = createDialogs(() => null);
    await expect(dialogs.chooseFile('chat')).resolves.toBeNull();
    await expect(dialogs.chooseFile('export')).resolves.toBeNull();
  });

  it('uses the save dialog for exports and returns its path', async () => {
    double.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/v/reel.mp4' });
    const dialogs = createDialogs(() => null);
    await expect(dialogs.chooseFile('export', '/v/reel.mp4')).resolves.toBe('/v/reel.mp4');
    // Without a window, the options are the only argument.
    expect(double.dialog.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({ defaultPath: '/v/reel.mp4' });
    expect(double.dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});

describe('menu', () => {
  const actions = { openVideo: vi.fn(), showDataFolder: vi.fn(), command: vi.fn() };
  const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
  const roles = (template: MenuItemConstructorOptions[]) => flatten(template).map((item) => item.role).filter(Boolean);

  it('has File › Open Video… wired to the action, and Quit', () => {
    const template = menuTemplate({ isDev: false, isMac: false }, actions);
    const file = template.find((item) => item.label === 'File');
    const open = flatten(file?.submenu as MenuItemConstructorOptions[]).find((item) => item.label === 'Open Video…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    (open?.click as () => void)();
    expect(actions.openVideo).toHaveBeenCalledOnce();
    expect(roles(template)).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'help']));
  });

  it('Edit › Undo and Redo come from the command table and send their command to the page', () => {
    const edit = menuTemplate({ isDev: false, isMac: false }, actions).find((item) => item.label === 'Edit');
    const items = edit?.submenu as MenuItemConstructorOptions[];
    const undo = items.find((item) => item.label === 'Undo');
    const redo = items.find((item) => item.label === 'Redo');
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
    expect(redo?.accelerator).toBe('CmdOrCtrl+Shift+Z');
    (undo?.click as () => void)();
    (redo?.click as () => void)();
    expect(actions.command.mock.calls).toEqual([['undo'], ['redo']]);
  });

  it('lists the editor commands the table puts in the menu: export, preview, zoom, keyboard shortcuts', () => {
    const labels = flatten(menuTemplate({ isDev: false, isMac: false }, actions)).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['Export…', 'Preview the reel', 'Keyboard shortcuts…']));
    const shortcuts = flatten(menuTemplate({ isDev: false, isMac: false }, actions)).find((item) => item.label === 'Keyboard shortcuts…');
    actions.command.mockClear();
    (shortcuts?.click as () => void)();
    expect(actions.command).toHaveBeenCalledWith('showShortcuts');
  });

  it('has reload and developer tools only in development', () => {
    expect(roles(menuTemplate({ isDev: false, isMac: false }, actions))).not.toEqual(
      expect.arrayContaining(['toggleDevTools']),
    );
    expect(roles(menuTemplate({ isDev: false, isMac: false }, actions))).not.toContain('reload');
    expect(roles(menuTemplate({ isDev: true, isMac: false }, actions))).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools']),
    );
  });

  it('puts the app menu first on macOS', () => {
    const template = menuTemplate({ isDev: false, isMac: true }, actions);
    expect(template[0]?.role).toBe('appMenu');
  });

  it('Help › Show Data Folder calls its action', () => {
    const help = menuTemplate({ isDev: false, isMac: false }, actions).find((item) => item.role === 'help');
    const show = (help?.submenu as MenuItemConstructorOptions[]).find((item) => item.label === 'Show Data Folder');
    (show?.click as () => void)();
    expect(actions.showDataFolder).toHaveBeenCalledOnce();
  });

  it('installs the built menu as the application menu', () => {
    installMenu({ isDev: false, isMac: false }, actions);
    expect(double.Menu.setApplicationMenu).toHaveBeenCalledOnce();
    // Compared without the click closures, which are new functions on every build.
    const installed = double.Menu.setApplicationMenu.mock.calls[0]?.[0];
    expect(JSON.stringify(installed)).toBe(JSON.stringify({ template: menuTemplate({ isDev: false, isMac: false }, actions) }));
  });
});
