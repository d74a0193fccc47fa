// The one table of the editor's commands: id, default keys, label. The keyboard shortcuts, the desktop
// menu (main/menu.ts) and the "Keyboard shortcuts" dialog all read it; what each command does is bound
// by id in keyboard/commandActions.ts (typed, so a command without an action does not build).
// Pure data: the Electron main process imports it too.
//
// Keys: `Mod` is Ctrl (Cmd on macOS), `Ctrl` is Ctrl everywhere; letters are upper case; other keys are
// KeyboardEvent.key values ('ArrowLeft', 'Home', ',', '?'). Shift is part of a combination only for
// letters and named keys: '?' and '+' already say it.

export type CommandGroup = 'Playback' | 'Ranges' | 'Editing' | 'Timeline' | 'Reel';

export interface Command {
  id: string;
  keys: readonly string[];
  label: string;
  group: CommandGroup;
  /** Where the desktop menu lists it (absent: not in the menu). */
  menu?: 'edit' | 'view' | 'file' | 'help';
}

export const COMMANDS = [
  { id: 'playPause', keys: ['Space'], label: 'Play / pause', group: 'Playback' },
  { id: 'shuttleBack', keys: ['J'], label: 'Play backwards (again: 2×, 4×)', group: 'Playback' },
  { id: 'shuttleStop', keys: ['K'], label: 'Stop', group: 'Playback' },
  { id: 'shuttleForward', keys: ['L'], label: 'Play (again: 2×, 4×)', group: 'Playback' },
  { id: 'seekBack', keys: ['ArrowLeft'], label: 'Back 1 second', group: 'Playback' },
  { id: 'seekForward', keys: ['ArrowRight'], label: 'Forward 1 second', group: 'Playback' },
  { id: 'seekBackFar', keys: ['Shift+ArrowLeft'], label: 'Back 5 seconds', group: 'Playback' },
  { id: 'seekForwardFar', keys: ['Shift+ArrowRight'], label: 'Forward 5 seconds', group: 'Playback' },
  { id: 'frameBack', keys: [','], label: 'One frame back', group: 'Playback' },
  { id: 'frameForward', keys: ['.'], label: 'One frame forward', group: 'Playback' },
  { id: 'goToStart', keys: ['Home'], label: 'Start of the video', group: 'Playback' },
  { id: 'goToEnd', keys: ['End'], label: 'End of the video', group: 'Playback' },
  { id: 'setIn', keys: ['I'], label: 'Start the selected highlight at the playhead', group: 'Ranges' },
  { id: 'setOut', keys: ['O'], label: 'End the selected highlight at the playhead', group: 'Ranges' },
  { id: 'addRange', keys: ['N'], label: 'Add a highlight at the playhead', group: 'Ranges' },
  { id: 'splitRange', keys: ['S'], label: 'Split the selected highlight at the playhead', group: 'Ranges' },
  { id: 'deleteRange', keys: ['Delete', 'Backspace'], label: 'Delete the selected highlight', group: 'Ranges' },
  { id: 'selectPrevious', keys: ['ArrowUp'], label: 'Select the previous highlight and go to it', group: 'Ranges' },
  { id: 'selectNext', keys: ['ArrowDown'], label: 'Select the next highlight and go to it', group: 'Ranges' },
  { id: 'undo', keys: ['Mod+Z'], label: 'Undo', group: 'Editing', menu: 'edit' },
  { id: 'redo', keys: ['Mod+Shift+Z', 'Ctrl+Y'], label: 'Redo', group: 'Editing', menu: 'edit' },
  { id: 'zoomIn', keys: ['+', '='], label: 'Zoom the timeline in (around the playhead)', group: 'Timeline', menu: 'view' },
  { id: 'zoomOut', keys: ['-'], label: 'Zoom the timeline out', group: 'Timeline', menu: 'view' },
  { id: 'previewReel', keys: ['P'], label: 'Preview the reel', group: 'Reel', menu: 'view' },
  { id: 'stopPreview', keys: ['Escape'], label: 'Stop the preview', group: 'Reel' },
  { id: 'exportReel', keys: ['Mod+E'], label: 'Export…', group: 'Reel', menu: 'file' },
  { id: 'showShortcuts', keys: ['?'], label: 'Keyboard shortcuts', group: 'Editing', menu: 'help' },
] as const satisfies readonly Command[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export const COMMAND_GROUPS: readonly CommandGroup[] = ['Playback', 'Ranges', 'Editing', 'Timeline', 'Reel'];

export function commandById(id: string): Command | undefined {
  return (COMMANDS as readonly Command[]).find((c) => c.id === id);
}

const KEY_NAMES: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
};

/** How a key combination reads on screen: "Ctrl+Shift+Z" (⌘ on macOS), "Shift+←", "Space". */
export function keyLabel(keys: string, isMac: boolean): string {
  return keys
    .split('+')
    .filter(Boolean)
    .map((part) => (part === 'Mod' ? (isMac ? '⌘' : 'Ctrl') : (KEY_NAMES[part] ?? part)))
    .join('+')
    .replace(/\+$/, '')
    .concat(keys.endsWith('+') ? '+' : '');
}

/** The Electron accelerator for a key combination, or undefined where it has none. */
export function accelerator(keys: string): string | undefined {
  const parts = keys.split('+');
  const key = parts[parts.length - 1];
  if (!key || key === '?') return undefined;
  const named: Record<string, string> = { ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down', '=': '=', '-': '-' };
  return [...parts.slice(0, -1).map((m) => (m === 'Mod' ? 'CmdOrCtrl' : m)), named[key] ?? key].join('+');
}
