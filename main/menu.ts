// The application menu: little beyond what users expect from any desktop app. The UI itself has the
// editing commands; these entries are the native fallbacks and the keyboard accelerators.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openVideo(): void;
  showDataFolder(): void;
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
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      ...(options.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
        : []),
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
      { label: 'Show Data Folder', click: () => actions.showDataFolder() },
      ...(options.isMac ? [] : ([{ role: 'about' }] as const)),
    ],
  });
  return template;
}

export function installMenu(options: MenuOptions, actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options, actions)));
}
