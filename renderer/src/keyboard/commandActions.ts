// What each command of the table does. A Record over every CommandId, so a command added to the table
// without an action does not build. An action returns false when it did nothing (the key then keeps its
// usual meaning, e.g. Escape).
import {
  addRangeAtPlayhead,
  deleteSelectedRange,
  selectAdjacent,
  setSelectedBoundary,
  splitRangeAtPlayhead,
} from '../editing/operations';
import { currentTime, seek, skip, stepFrames, togglePlay } from '../player/playback';
import { isPreviewing, startPreview, stopPreview } from '../player/preview';
import { shuttleBack, shuttleForward, shuttleRate, shuttleStop } from '../player/shuttle';
import { inReelOrder } from '../ranges/reelOrder';
import { actions, appStore } from '../store';
import type { CommandId } from '../store/commands';
import { zoomStep } from '../timeline/viewStore';

function fps(): number {
  return appStore().getState().project?.media.probe.video?.fps ?? 30;
}

function duration(): number {
  return appStore().getState().project?.media.probe.durationSec ?? 0;
}

/** Plays the ranges in reel order, back to back. */
export function previewReel(): boolean {
  const { highlights, order } = appStore().getState();
  const list = inReelOrder(highlights, order);
  return startPreview(
    list.map(({ start, end }) => ({ start, end })),
    list.map((_, i) => i + 1),
    fps(),
  );
}

/** Plays one range once ("Play highlight N"). */
export function playHighlight(id: string): boolean {
  const { highlights, order } = appStore().getState();
  const list = inReelOrder(highlights, order);
  const index = list.findIndex((h) => h.id === id);
  const range = list[index];
  if (!range) return false;
  actions().select(id);
  return startPreview([{ start: range.start, end: range.end }], [index + 1], fps(), true);
}

export const commandActions: Record<CommandId, () => boolean | void> = {
  playPause: () => {
    if (isPreviewing()) return stopPreview();
    if (shuttleRate() < 0) return shuttleStop();
    togglePlay();
  },
  shuttleBack,
  shuttleStop,
  shuttleForward,
  seekBack: () => skip(-1),
  seekForward: () => skip(1),
  seekBackFar: () => skip(-5),
  seekForwardFar: () => skip(5),
  frameBack: () => stepFrames(-1, fps()),
  frameForward: () => stepFrames(1, fps()),
  goToStart: () => seek(0),
  goToEnd: () => seek(duration()),
  setIn: () => setSelectedBoundary('start'),
  setOut: () => setSelectedBoundary('end'),
  addRange: addRangeAtPlayhead,
  splitRange: splitRangeAtPlayhead,
  deleteRange: deleteSelectedRange,
  selectPrevious: () => selectAdjacent(-1),
  selectNext: () => selectAdjacent(1),
  undo: () => actions().undo(),
  redo: () => actions().redo(),
  zoomIn: () => zoomStep(1, currentTime()),
  zoomOut: () => zoomStep(-1, currentTime()),
  previewReel,
  stopPreview: () => {
    if (!isPreviewing()) return false;
    stopPreview();
  },
  exportReel: () => actions().setExportOpen(true),
  showShortcuts: () => actions().setShortcutsOpen(true),
};

/** Runs a command by id (from a key press or the desktop menu); false when it did nothing. */
export function runCommand(id: CommandId): boolean {
  const state = appStore().getState();
  // A dialog (export, shortcuts) has the keyboard while it is open.
  if (!state.project || state.exportOpen || state.shortcutsOpen) return false;
  return commandActions[id]() !== false;
}
