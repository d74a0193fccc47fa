// The ranges: the local truth the editor shows, its saves, merging with the core's changes, and undo.
// Every change of the ranges goes through write(): a user's edit is recorded as an undo step and saved;
// a load, a change from the core or a save's confirmation is not a step, and the history (which records
// only what each step touched) stays valid on top of it.
import type { Highlight, HighlightInput, Project } from '../../../preload/contract';
import { MIN_LENGTH_SEC, sortByStart } from '../ranges/limits';
import { mergeRanges, sameRanges } from '../ranges/merge';
import { inReelOrder, moveInOrder, reconcileOrder, sameOrder } from '../ranges/reelOrder';
import { applyStep, diffStep, EMPTY_HISTORY, popRedo, popUndo, record, type History, type RangeSet } from './history';
import { createSaveQueue, type SaveQueue } from './saveQueue';
import type { SliceContext } from './sliceContext';
import type { AppActions, AppState, EditIntent } from './types';

export const SAVE_DELAY_MS = 250;

/** What a save sends: the whole range, tags and evidence included (a split's new half has no stored copy). */
export function toInputs(list: readonly Highlight[]): HighlightInput[] {
  return list.map(({ id, start, end, score, origin, edited, tags, evidence, label }) => ({
    id,
    start,
    end,
    score,
    origin,
    edited,
    tags,
    evidence,
    label,
  }));
}

/** The core's list (in reel order) as the editor keeps it: time order plus the order of ids. */
export function rangeSetOf(list: readonly Highlight[]): RangeSet {
  return { highlights: sortByStart(list), order: list.map((h) => h.id) };
}

function sameSet(a: RangeSet, b: RangeSet): boolean {
  return sameRanges(a.highlights, b.highlights) && sameOrder(a.order, b.order);
}

interface WriteOptions {
  /** A user's edit: recorded as this undo step. Absent: a load, a change from the core, a confirmation. */
  step?: { label: string; mergeKey: string | null };
  /** The history to keep (undo/redo move a step between stacks). */
  history?: History;
  /** Send it to the core. */
  save: boolean;
  /** The range to select; undefined keeps the selection while that range exists. */
  selectId?: string | null;
}

/** What the other slices do to the ranges: load, close, merge the core's answers, wait for saves. */
export interface RangesControl {
  /** Flushes the previous project's saves; returns the ranges' part of the state to show with the project. */
  load(project: Project): Promise<Partial<AppState>>;
  close(): Promise<void>;
  /** The core's copy changed (a download, a detection elsewhere): merged with unconfirmed edits, no step. */
  applyRemote(project: Project): void;
  /** A detection's answer: merged with edits made while it ran, and one undo step. */
  adoptDetection(sent: RangeSet, project: Project): void;
  /** A finished chat import: the core's ranges, no step. */
  adoptImport(project: Project): void;
  /** What the core last confirmed. */
  base(): RangeSet;
  flush(): Promise<void>;
  hold(): () => void;
}

export type RangesActions = Pick<
  AppActions,
  'commit' | 'commitResult' | 'reorder' | 'setLabel' | 'undo' | 'redo' | 'select' | 'flushSaves' | 'limits'
>;

export function createRanges(ctx: SliceContext): { control: RangesControl; actions: RangesActions } {
  const { bridge, get, set } = ctx;
  let saves: SaveQueue<RangeSet> | null = null;
  /** The ranges as the core last confirmed them: the common ancestor when its changes meet local edits. */
  let base: RangeSet = { highlights: [], order: [] };
  /** Each project's history for as long as the app runs: reopening a project keeps its undo. */
  const histories = new Map<number, History>();

  function current(): RangeSet {
    const { highlights, order } = get();
    return { highlights, order };
  }

  function keepSelection(highlights: readonly Highlight[], selectedId: string | null): string | null {
    return selectedId && highlights.some((h) => h.id === selectedId) ? selectedId : null;
  }

  function write(next: RangeSet, options: WriteOptions): void {
    const state = get();
    let history = options.history ?? state.history;
    if (options.step) {
      const step = diffStep(current(), next, options.step.label, options.step.mergeKey);
      if (step) history = record(history, step);
    }
    const selectedId = options.selectId === undefined ? keepSelection(next.highlights, state.selectedId) : options.selectId;
    const patch: Partial<ReturnType<typeof get>> = {};
    // Touch only what changed: a new highlights array re-syncs the timeline.
    if (next.highlights !== state.highlights && !sameRanges(next.highlights, state.highlights)) {
      patch.highlights = next.highlights;
    }
    if (!sameOrder(next.order, state.order)) patch.order = next.order;
    if (history !== state.history) patch.history = history;
    if (selectedId !== state.selectedId) patch.selectedId = selectedId;
    if (options.save && saves) {
      // A successful edit makes an earlier refusal or error message stale.
      if (options.step || options.history) patch.alert = null;
      patch.saveStatus = 'pending';
      saves.schedule({ highlights: patch.highlights ?? state.highlights, order: patch.order ?? state.order });
    }
    if (Object.keys(patch).length > 0) set(patch);
    const projectId = state.project?.id;
    if (projectId !== undefined && history !== state.history) histories.set(projectId, history);
  }

  function makeSaveQueue(projectId: number): SaveQueue<RangeSet> {
    return createSaveQueue<RangeSet, Highlight[]>({
      delayMs: SAVE_DELAY_MS,
      save: (value) => bridge.saveHighlights({ projectId, highlights: toInputs(inReelOrder(value.highlights, value.order)) }),
      // Even a superseded answer is what the core holds now: the base for merging what comes next.
      onConfirmed: (result) => {
        if (get().project?.id === projectId) base = rangeSetOf(result);
      },
      onSaved: (result) => {
        if (get().project?.id !== projectId) return;
        base = rangeSetOf(result);
        write(base, { save: false });
        set({ saveStatus: saves?.busy() ? 'pending' : 'saved' });
      },
      onError: (error) => {
        set({ saveStatus: 'error' });
        ctx.fail(error);
      },
    });
  }

  /** The remote list merged with the local edits made since `since` (the base they started from). */
  function merged(since: RangeSet, local: RangeSet, remote: RangeSet): { next: RangeSet; edited: boolean } {
    const edited = (saves?.busy() ?? false) || !sameSet(local, since);
    if (!edited) return { next: remote, edited };
    const highlights = mergeRanges(since.highlights, local.highlights, remote.highlights);
    return { next: { highlights, order: reconcileOrder(local.order, highlights) }, edited };
  }

  function numberOf(id: string, ...orders: string[][]): number | null {
    for (const order of orders) {
      const i = order.indexOf(id);
      if (i >= 0) return i + 1;
    }
    return null;
  }

  function describe(intent: EditIntent | undefined, before: string[], after: string[]): string {
    if (!intent) return 'edit';
    const n = intent.id ? numberOf(intent.id, before, after) : null;
    return n === null ? intent.verb : `${intent.verb} of highlight ${n}`;
  }

  const control: RangesControl = {
    async load(project) {
      if (saves) {
        await saves.flush();
        saves.dispose();
      }
      saves = makeSaveQueue(project.id);
      base = rangeSetOf(project.highlights);
      return {
        highlights: base.highlights,
        order: base.order,
        history: histories.get(project.id) ?? EMPTY_HISTORY,
        selectedId: null,
        saveStatus: 'idle',
      };
    },

    async close() {
      if (saves) {
        await saves.flush();
        saves.dispose();
        saves = null;
      }
      base = { highlights: [], order: [] };
      set({ highlights: [], order: [], history: EMPTY_HISTORY, selectedId: null });
    },

    applyRemote(project) {
      const remote = rangeSetOf(project.highlights);
      const { next, edited } = merged(base, current(), remote);
      base = remote;
      write(next, { save: false });
      if (edited && !sameSet(next, remote) && saves) {
        set({ saveStatus: 'pending' });
        saves.schedule(next);
      }
    },

    adoptDetection(sent, project) {
      const remote = rangeSetOf(project.highlights);
      const { next, edited } = merged(sent, current(), remote);
      base = remote;
      // The core has saved its answer already; only a merge with newer edits needs sending.
      write(next, { step: { label: 're-detection', mergeKey: null }, save: false });
      if (edited && !sameSet(next, remote) && saves) {
        set({ saveStatus: 'pending' });
        saves.schedule(next);
      }
    },

    adoptImport(project) {
      base = rangeSetOf(project.highlights);
      write(base, { save: false });
    },

    base: () => base,
    flush: async () => {
      await saves?.flush();
    },
    hold: () => saves?.hold() ?? (() => undefined),
  };

  const actions: RangesActions = {
    commit(next, selectId, intent) {
      const state = get();
      if (!state.project || !saves) return;
      const selection = selectId === undefined ? state.selectedId : selectId;
      if (next === state.highlights) {
        if (selection !== state.selectedId) set({ selectedId: selection });
        return;
      }
      const order = reconcileOrder(state.order, next, intent?.anchors);
      const label = describe(intent, state.order, order);
      write({ highlights: next, order }, { step: { label, mergeKey: intent?.mergeKey ?? null }, save: true, selectId: selection });
    },

    commitResult(result, intent) {
      if (!result.ok) {
        ctx.fail(result.message);
        return false;
      }
      get().commit(result.highlights, result.id, { verb: 'edit', ...intent, id: intent?.id ?? result.id });
      return true;
    },

    reorder(id, toIndex) {
      const state = get();
      if (!state.project || !saves) return;
      const order = moveInOrder(state.order, id, toIndex);
      if (order === state.order) return;
      const label = describe({ verb: 'reorder', id }, state.order, order);
      write({ highlights: state.highlights, order }, { step: { label, mergeKey: null }, save: true, selectId: id });
    },

    setLabel(id, label) {
      const state = get();
      if (!state.project || !saves) return;
      const index = state.highlights.findIndex((h) => h.id === id);
      const range = state.highlights[index];
      if (!range || (range.label ?? '') === label) return;
      const highlights = [...state.highlights];
      // A labelled proposal is one the user cares about: re-detection keeps it like an edited one.
      highlights[index] = { ...range, label, edited: true };
      const step = { label: describe({ verb: 'label', id }, state.order, state.order), mergeKey: `label:${id}` };
      write({ highlights, order: state.order }, { step, save: true });
    },

    undo() {
      const state = get();
      const popped = popUndo(state.history);
      if (!popped || !saves) return;
      const next = applyStep(current(), popped.step, 'undo');
      write(next, { history: popped.history, save: true, selectId: firstPresent(popped.step.changes, next, 'before') });
    },

    redo() {
      const state = get();
      const popped = popRedo(state.history);
      if (!popped || !saves) return;
      const next = applyStep(current(), popped.step, 'redo');
      write(next, { history: popped.history, save: true, selectId: firstPresent(popped.step.changes, next, 'after') });
    },

    select(id) {
      if (get().selectedId !== id) set({ selectedId: id });
    },

    async flushSaves() {
      await saves?.flush();
    },

    limits() {
      const project = get().project;
      return { durationSec: project?.media.probe.durationSec ?? 0, minLengthSec: MIN_LENGTH_SEC };
    },
  };

  return { control, actions };
}

/** After an undo or redo, the range it brought back is selected (none when it removed the range). */
function firstPresent(
  changes: ReadonlyArray<{ id: string; before: Highlight | null; after: Highlight | null }>,
  next: RangeSet,
  side: 'before' | 'after',
): string | null {
  const ids = new Set(next.highlights.map((h) => h.id));
  const hit = changes.find((c) => c[side] !== null && ids.has(c.id));
  return hit ? hit.id : null;
}
