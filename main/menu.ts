// The application menu: what users expect from any desktop app, plus the editor's commands from the
// one command table (renderer/src/store/commands.ts) — labels and keys as the shortcuts dialog shows
// them. A command item sends its id to the page, which runs it (Undo/Redo act on the text being typed
// when focus is in a text field, on the ranges otherwise).
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { accelerator, COMMANDS, type Command } from '../renderer/src/store/commands';

export interface MenuActions {
  openVideo(): void;
  showDataFolder(): void;
  /** Runs an editor command in the window (sent as the `menuCommand` event). */
  command(id: string): void;
}

/** The menu items of the commands the table puts in `menu`. */
function commandItems(menu: NonNullable<Command['menu']>, actions: MenuActions): MenuItemConstructorOptions[] {
  return (COMMANDS as readonly Command[])
    .filter((c) => c.menu === menu)
    .map((c) => {
      const keys = c.keys[0];
      const acc = keys ? accelerator(keys) : undefined;
      // Undo/Redo take their keys through the menu (as every app's Edit menu does); the page handles
      // the other commands' keys itself, so the menu only shows them.
      const own = c.id === 'undo' || c.id === 'redo';
      return {
        label: c.id === 'showShortcuts' || c.id === 'exportReel' ? c.label.replace(/…?$/, '…') : c.label,
        ...(acc ? { accelerator: acc, registerAccelerator: own } : {}),
        click: () => actions.command(c.id),
      };
    });
}

export interface MenuOptions {
  /** Development build: adds reload and developer tools. */
  isDev: boolean;
  /** macOS wants the app-name menu first and Quit inside it. */
  isMac: boolean;
}

export function menuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) {
    template.push({
      role: 'appMenu',
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'quit' }],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      { label: 'Open Video…', accelerator: 'CmdOrCtrl+O', click: () => actions.openVideo() },
      ...commandItems('file', actions),
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      ...commandItems('edit', actions),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
        : []),
      ...commandItems('view', actions),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    role: 'help',
    submenu: [
      ...commandItems('help', actions),
      { label: 'Show Data Folder', click: () => actions.showDataFolder() },
      ...(options.isMac ? [] : ([{ role: 'about' }] as const)),
    ],
  });
  return template;
}

export function installMenu(options: MenuOptions, actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options, actions)));
}
