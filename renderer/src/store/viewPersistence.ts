// The editor's view of a project — playhead, timeline zoom and scroll, the selected range — saved with
// the project (saveView) as it changes, at most about once a second, and put back when it is opened.
// Not an edit: it never touches the ranges, the undo history or the project's "last edit".
import type { HighlighterBridge, Project, ProjectView } from '../../../preload/contract';
import { playbackStore } from '../player/playback';
import { viewStore } from '../timeline/viewStore';
import type { AppStore } from './types';

export const VIEW_SAVE_DELAY_MS = 800;

/** Puts the timeline's zoom and scroll where the project was left (the player seeks by startAtSec). */
export function restoreTimelineView(project: Project): void {
  const view = project.view;
  viewStore.setState({ zoom: view ? Math.max(1, view.zoom) : 1, scrollSec: view?.scrollSec ?? 0, visibleSec: 0, anchor: null });
}

/** Follows the open project's view and saves it; returns the stop function (which saves what is pending). */
export function persistView(bridge: HighlighterBridge, store: AppStore, projectId: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  /** The view as of the last change while the project was open (closing resets the player to 0 after). */
  let latest: ProjectView | null = null;

  function read(): ProjectView {
    const { zoom, scrollSec } = viewStore.getState();
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      playheadSec: round(Math.max(0, playbackStore.getState().currentTime)),
      zoom: round(zoom),
      scrollSec: round(Math.max(0, scrollSec)),
      selectedId: store.getState().selectedId,
    };
  }

  function save(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!latest) return;
    const view = latest;
    const key = JSON.stringify(view);
    if (key === last) return;
    last = key;
    // A view that could not be saved is not worth an alert: the next change tries again.
    bridge.saveView({ projectId, view }).catch(() => {
      last = '';
    });
  }

  function changed(): void {
    if (store.getState().project?.id !== projectId) return;
    latest = read();
    if (timer === null) timer = setTimeout(save, VIEW_SAVE_DELAY_MS);
  }

  last = JSON.stringify(read());
  const offs = [
    playbackStore.subscribe((now, before) => {
      if (now.currentTime !== before.currentTime) changed();
    }),
    viewStore.subscribe((now, before) => {
      if (now.zoom !== before.zoom || now.scrollSec !== before.scrollSec) changed();
    }),
    store.subscribe((now, before) => {
      if (now.selectedId !== before.selectedId) changed();
    }),
  ];
  window.addEventListener('pagehide', save);
  return () => {
    offs.forEach((off) => off());
    window.removeEventListener('pagehide', save);
    save();
  };
}
