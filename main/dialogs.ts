// Native open/save dialogs for the core's Dialogs interface (only the Electron shell has them).
import { dialog, type BaseWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { Dialogs } from './core/core';

export type DialogPurpose = Parameters<Dialogs['chooseFile']>[0];

export const VIDEO_EXTENSIONS = ['mp4', 'mkv', 'webm', 'mov', 'm4v', 'ts', 'flv'];
// Chat formats are recognised by content (chat-formats.md); the filter only narrows the list sensibly.
export const CHAT_EXTENSIONS = ['json', 'jsonl', 'gz', 'txt', 'log'];

const ALL_FILES = { name: 'All files', extensions: ['*'] };

export type DialogRequest = { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions };

/** Which dialog to show for a purpose, and with what title and filters. */
export function dialogRequest(purpose: DialogPurpose, defaultPath?: string): DialogRequest {
  const base = defaultPath ? { defaultPath } : {};
  switch (purpose) {
    case 'video':
      return {
        kind: 'open',
        options: {
          ...base,
          title: 'Open video',
          properties: ['openFile'],
          filters: [{ name: 'Videos', extensions: VIDEO_EXTENSIONS }, ALL_FILES],
        },
      };
    case 'chat':
      return {
        kind: 'open',
        options: {
          ...base,
          title: 'Import chat',
          properties: ['openFile'],
          filters: [{ name: 'Chat logs', extensions: CHAT_EXTENSIONS }, ALL_FILES],
        },
      };
    case 'export':
      return {
        kind: 'save',
        options: {
          ...base,
          title: 'Export highlights',
          buttonLabel: 'Export',
          properties: ['createDirectory', 'showOverwriteConfirmation'],
          filters: [{ name: 'MP4 video', extensions: ['mp4'] }],
        },
      };
  }
}

/** Dialogs attached to the current window when there is one (modal), free-standing otherwise. */
export function createDialogs(getWindow: () => BaseWindow | null): Dialogs {
  return {
    async chooseFile(purpose, defaultPath) {
      const request = dialogRequest(purpose, defaultPath);
      const window = getWindow();
      if (request.kind === 'open') {
        const result = window
          ? await dialog.showOpenDialog(window, request.options)
          : await dialog.showOpenDialog(request.options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      }
      const result = window
        ? await dialog.showSaveDialog(window, request.options)
        : await dialog.showSaveDialog(request.options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
