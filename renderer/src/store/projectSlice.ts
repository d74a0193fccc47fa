// Project lifecycle: the app's facts at start, the list of projects, opening a video or a stored
// project, importing its chat, closing it. The ranges themselves belong to the ranges slice.
import type { Heatmap, Project } from '../../../preload/contract';
import { userMessage } from '../bridge/bridgeError';
import type { RangesControl } from './rangesSlice';
import { restoreTimelineView } from './viewPersistence';
import type { SliceContext } from './sliceContext';
import type { AppActions } from './types';

export type ProjectActions = Pick<
  AppActions,
  'refreshProjects' | 'openLocal' | 'openProject' | 'closeProject' | 'importChat' | 'takeStartAt' | 'describeRemoval' | 'removeProject'
>;

export interface ProjectControl {
  /** Shows a project: its heatmap first (the timeline is drawn once, with it), then the editor. */
  load(project: Project): Promise<void>;
  /** The core's copy of the open project changed: merge it in, refetch the heatmap if the chat changed. */
  applyRemote(project: Project): Promise<void>;
  /** Runs before a project is shown or closed (detection drops a waiting run). */
  onLeave(fn: () => void): void;
}

export function createProjects(ctx: SliceContext, ranges: RangesControl): { control: ProjectControl; actions: ProjectActions } {
  const { bridge, get, set, fail } = ctx;
  const leaving: Array<() => void> = [];

  async function loadHeatmap(projectId: number): Promise<void> {
    try {
      const heatmap = await bridge.getHeatmap({ projectId });
      if (get().project?.id === projectId) set({ heatmap });
    } catch (error) {
      fail(error);
    }
  }

  const control: ProjectControl = {
    async load(project) {
      leaving.forEach((fn) => fn());
      const rangesState = await ranges.load(project);
      let heatmap: Heatmap | null = null;
      try {
        heatmap = await bridge.getHeatmap({ projectId: project.id });
      } catch (error) {
        fail(error);
      }
      const view = project.view;
      const selectedId = view?.selectedId && rangesState.highlights?.some((h) => h.id === view.selectedId) ? view.selectedId : null;
      // One update, so the editor and its timeline are drawn once, with the heatmap.
      set({
        ...rangesState,
        selectedId,
        // A VOD link's ?t= wins; otherwise the player starts where the user left it.
        startAtSec: get().startAtSec ?? view?.playheadSec ?? null,
        project,
        sensitivity: project.detector.sensitivity,
        targetReelSec: project.detector.targetReelSec,
        heatmap,
        exportOpen: false,
        exportJobId: null,
      });
      // After the switch, so the previous project's view is not saved with this one's zoom.
      restoreTimelineView(project);
    },

    async applyRemote(project) {
      const state = get();
      if (!state.project || state.project.id !== project.id) return;
      const chatChanged = JSON.stringify(project.chat) !== JSON.stringify(state.project.chat);
      ranges.applyRemote(project);
      set({ project });
      if (chatChanged) await loadHeatmap(project.id);
    },

    onLeave(fn) {
      leaving.push(fn);
    },
  };

  const actions: ProjectActions = {
    async refreshProjects() {
      try {
        set({ projects: await bridge.listProjects({}) });
      } catch (error) {
        fail(error);
      }
    },

    openLocal(videoPath, chatPath) {
      return ctx.busyWith('opening', async () => {
        const { warnings, ...project } = await bridge.openLocal(chatPath ? { videoPath, chatPath } : { videoPath });
        await control.load(project);
        if (warnings.length > 0) ctx.warn(warnings.join(' '));
        return true;
      });
    },

    openProject(projectId) {
      return ctx.busyWith('opening', async () => {
        await control.load(await bridge.openProject({ projectId }));
        return true;
      });
    },

    async closeProject() {
      leaving.forEach((fn) => fn());
      // The editor goes first (saving its view as it was), then the ranges' pending saves are sent.
      set({ project: null, heatmap: null, exportOpen: false, exportJobId: null, startAtSec: null });
      await ranges.close();
      await get().refreshProjects();
    },

    async importChat(chatPath, shiftSec) {
      const project = get().project;
      if (!project) return false;
      return ctx.busyWith('importing', async () => {
        await ranges.flush();
        const updated = await bridge.importChat({ projectId: project.id, chatPath, shiftSec });
        if (get().project?.id !== project.id) return false;
        ranges.adoptImport(updated);
        set({ project: updated });
        await loadHeatmap(project.id);
        return true;
      });
    },

    describeRemoval(projectId) {
      return bridge.describeRemoval({ projectId });
    },

    async removeProject(projectId) {
      try {
        await bridge.removeProject({ projectId });
        set({ projects: get().projects.filter((p) => p.id !== projectId) });
        await get().refreshProjects();
        return null;
      } catch (error) {
        return userMessage(error);
      }
    },

    takeStartAt() {
      const start = get().startAtSec;
      if (start !== null) set({ startAtSec: null });
      return start;
    },
  };

  return { control, actions };
}
