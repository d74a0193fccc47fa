// The UI's state and every action that talks to the core. Components read slices with `useApp` and
// call actions; only this file calls the bridge (besides the export dialog's plan/start/cancel, which go
// through actions here too).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AppInfo,
  ExportMode,
  Heatmap,
  Highlight,
  HighlighterBridge,
  HighlightInput,
  Job,
  Project,
  ProjectSummary,
} from '../../../preload/contract';
import { errorCode, userMessage } from '../bridge/bridgeError';
import { MIN_LENGTH_SEC, sortByStart, type Limits } from '../ranges/limits';
import type { CreateResult } from '../ranges/create';
import { createSaveQueue, type SaveQueue } from './saveQueue';

export const SAVE_DELAY_MS = 250;

export interface Alert {
  message: string;
  code: string | null;
  /** Increases on every alert so the same message shown twice is announced twice. */
  seq: number;
}

export type SaveStatus = 'idle' | 'pending' | 'saved' | 'error';
export type Busy = 'opening' | 'importing' | 'detecting' | null;

export interface AppState {
  appInfo: AppInfo | null;
  projects: ProjectSummary[];
  project: Project | null;
  heatmap: Heatmap | null;
  /** The local truth for the ranges, sorted by start; saved as it changes. */
  highlights: Highlight[];
  selectedId: string | null;
  sensitivity: number;
  alert: Alert | null;
  busy: Busy;
  saveStatus: SaveStatus;
  jobs: Record<number, Job>;
  /** The export job the dialog follows. */
  exportJobId: number | null;
  exportOpen: boolean;
}

export interface AppActions {
  init(): Promise<void>;
  refreshProjects(): Promise<void>;
  openLocal(videoPath: string, chatPath?: string): Promise<boolean>;
  openProject(projectId: number): Promise<boolean>;
  closeProject(): Promise<void>;
  importChat(chatPath: string): Promise<boolean>;
  setSensitivity(value: number): void;
  detect(): Promise<void>;
  /** Replace the ranges with an edited list (from the pure rules) and save it. */
  commit(next: Highlight[], selectId?: string | null): void;
  /** Apply a rule that can refuse; a refusal becomes an alert. */
  commitResult(result: CreateResult): boolean;
  select(id: string | null): void;
  flushSaves(): Promise<void>;
  showError(error: unknown): void;
  dismissAlert(): void;
  chooseFile(purpose: 'video' | 'chat' | 'export', defaultPath?: string): Promise<string | null>;
  setExportOpen(open: boolean): void;
  planExport(mode: ExportMode): ReturnType<HighlighterBridge['planExport']>;
  startExport(outPath: string, mode: ExportMode): Promise<Job | null>;
  cancelJob(jobId: number): Promise<void>;
  limits(): Limits;
}

export type AppStore = StoreApi<AppState & AppActions>;

export function toInputs(list: readonly Highlight[]): HighlightInput[] {
  return list.map(({ id, start, end, score, origin, edited }) => ({ id, start, end, score, origin, edited }));
}

export function createAppStore(bridge: HighlighterBridge): AppStore {
  let saves: SaveQueue<Highlight[]> | null = null;
  let alertSeq = 0;
  let unsubscribe: Array<() => void> = [];

  const store = createStore<AppState & AppActions>()((set, get) => {
    function fail(error: unknown): void {
      alertSeq += 1;
      set({ alert: { message: userMessage(error), code: errorCode(error), seq: alertSeq } });
    }

    function makeSaveQueue(projectId: number): SaveQueue<Highlight[]> {
      return createSaveQueue<Highlight[], Highlight[]>({
        delayMs: SAVE_DELAY_MS,
        save: (list) => bridge.saveHighlights({ projectId, highlights: toInputs(list) }),
        onSaved: (result) => {
          if (get().project?.id !== projectId) return;
          const highlights = sortByStart(result);
          const selectedId = get().selectedId;
          set({
            highlights,
            saveStatus: saves?.busy() ? 'pending' : 'saved',
            selectedId: selectedId && highlights.some((h) => h.id === selectedId) ? selectedId : null,
          });
        },
        onError: (error) => {
          set({ saveStatus: 'error' });
          fail(error);
        },
      });
    }

    async function loadProject(project: Project): Promise<void> {
      if (saves) {
        await saves.flush();
        saves.dispose();
      }
      saves = makeSaveQueue(project.id);
      // Fetched before the editor shows, so the timeline is drawn once, with its heatmap.
      let heatmap: Heatmap | null = null;
      try {
        heatmap = await bridge.getHeatmap({ projectId: project.id });
      } catch (error) {
        fail(error);
      }
      set({
        project,
        highlights: sortByStart(project.highlights),
        selectedId: null,
        sensitivity: project.detector.sensitivity,
        heatmap,
        saveStatus: 'idle',
        exportOpen: false,
        exportJobId: null,
      });
    }

    async function loadHeatmap(projectId: number): Promise<void> {
      try {
        const heatmap = await bridge.getHeatmap({ projectId });
        if (get().project?.id === projectId) set({ heatmap });
      } catch (error) {
        fail(error);
      }
    }

    /** A project changed elsewhere (a detection job, another window): reload unless we have edits. */
    async function onProjectChanged(projectId: number): Promise<void> {
      const current = get().project;
      if (!current || current.id !== projectId || saves?.busy()) return;
      try {
        const project = await bridge.openProject({ projectId });
        const state = get();
        if (state.project?.id !== projectId || saves?.busy()) return;
        // Touch only what changed: a new highlights array re-syncs the timeline, a new heatmap rebuilds it.
        const highlights = sortByStart(project.highlights);
        const sameRanges = JSON.stringify(toInputs(highlights)) === JSON.stringify(toInputs(state.highlights));
        const chatChanged = JSON.stringify(project.chat) !== JSON.stringify(state.project.chat);
        set(sameRanges ? { project } : { project, highlights });
        if (chatChanged) await loadHeatmap(projectId);
      } catch {
        // The next explicit action reports problems; a background refresh stays quiet.
      }
    }

    return {
      appInfo: null,
      projects: [],
      project: null,
      heatmap: null,
      highlights: [],
      selectedId: null,
      sensitivity: 0.5,
      alert: null,
      busy: null,
      saveStatus: 'idle',
      jobs: {},
      exportJobId: null,
      exportOpen: false,

      async init() {
        unsubscribe.forEach((u) => u());
        unsubscribe = [
          bridge.on('job', (job) => set({ jobs: { ...get().jobs, [job.id]: job } })),
          bridge.on('project', ({ projectId }) => void onProjectChanged(projectId)),
        ];
        const [info, projects, jobs] = await Promise.allSettled([
          bridge.getAppInfo({}),
          bridge.listProjects({}),
          bridge.listJobs({}),
        ]);
        if (info.status === 'fulfilled') set({ appInfo: info.value });
        else fail(info.reason);
        if (projects.status === 'fulfilled') set({ projects: projects.value });
        if (jobs.status === 'fulfilled') {
          const byId: Record<number, Job> = { ...get().jobs };
          for (const job of jobs.value) byId[job.id] ??= job;
          set({ jobs: byId });
        }
      },

      async refreshProjects() {
        try {
          set({ projects: await bridge.listProjects({}) });
        } catch (error) {
          fail(error);
        }
      },

      async openLocal(videoPath, chatPath) {
        set({ busy: 'opening', alert: null });
        try {
          const { warnings, ...project } = await bridge.openLocal(chatPath ? { videoPath, chatPath } : { videoPath });
          await loadProject(project);
          if (warnings.length > 0) {
            alertSeq += 1;
            set({ alert: { message: warnings.join(' '), code: 'WARNING', seq: alertSeq } });
          }
          return true;
        } catch (error) {
          fail(error);
          return false;
        } finally {
          set({ busy: null });
        }
      },

      async openProject(projectId) {
        set({ busy: 'opening', alert: null });
        try {
          await loadProject(await bridge.openProject({ projectId }));
          return true;
        } catch (error) {
          fail(error);
          return false;
        } finally {
          set({ busy: null });
        }
      },

      async closeProject() {
        if (saves) {
          await saves.flush();
          saves.dispose();
          saves = null;
        }
        set({ project: null, heatmap: null, highlights: [], selectedId: null, exportOpen: false, exportJobId: null });
        await get().refreshProjects();
      },

      async importChat(chatPath) {
        const project = get().project;
        if (!project) return false;
        set({ busy: 'importing', alert: null });
        try {
          await saves?.flush();
          const updated = await bridge.importChat({ projectId: project.id, chatPath });
          if (get().project?.id !== project.id) return false;
          set({ project: updated, highlights: sortByStart(updated.highlights) });
          await loadHeatmap(project.id);
          return true;
        } catch (error) {
          fail(error);
          return false;
        } finally {
          set({ busy: null });
        }
      },

      setSensitivity(value) {
        set({ sensitivity: Math.min(1, Math.max(0, value)) });
      },

      async detect() {
        const project = get().project;
        if (!project) return;
        set({ busy: 'detecting', alert: null });
        try {
          // The core keeps edited ranges, so it must see the latest edits first.
          await saves?.flush();
          const updated = await bridge.detect({ projectId: project.id, sensitivity: get().sensitivity });
          if (get().project?.id !== project.id) return;
          const highlights = sortByStart(updated.highlights);
          const selectedId = get().selectedId;
          set({
            project: updated,
            highlights,
            selectedId: selectedId && highlights.some((h) => h.id === selectedId) ? selectedId : null,
          });
        } catch (error) {
          fail(error);
        } finally {
          set({ busy: null });
        }
      },

      commit(next, selectId) {
        const state = get();
        if (!state.project || !saves) return;
        const changed = next !== state.highlights;
        const selection = selectId === undefined ? state.selectedId : selectId;
        if (!changed) {
          if (selection !== state.selectedId) set({ selectedId: selection });
          return;
        }
        // A successful edit makes an earlier refusal or error message stale.
        set({ highlights: next, selectedId: selection, saveStatus: 'pending', alert: null });
        saves.schedule(next);
      },

      commitResult(result) {
        if (!result.ok) {
          fail(result.message);
          return false;
        }
        get().commit(result.highlights, result.id);
        return true;
      },

      select(id) {
        if (get().selectedId !== id) set({ selectedId: id });
      },

      async flushSaves() {
        await saves?.flush();
      },

      showError: fail,

      dismissAlert() {
        set({ alert: null });
      },

      async chooseFile(purpose, defaultPath) {
        try {
          const { path } = await bridge.chooseFile(defaultPath ? { purpose, defaultPath } : { purpose });
          return path;
        } catch (error) {
          fail(error);
          return null;
        }
      },

      setExportOpen(open) {
        set({ exportOpen: open });
      },

      async planExport(mode) {
        const project = get().project;
        if (!project) throw new Error('No project is open.');
        await saves?.flush();
        return bridge.planExport({ projectId: project.id, mode });
      },

      async startExport(outPath, mode) {
        const project = get().project;
        if (!project) return null;
        try {
          await saves?.flush();
          const job = await bridge.startExport({ projectId: project.id, outPath, mode });
          // An event for this job may already have arrived; keep whichever is newer.
          const known = get().jobs[job.id];
          const latest = known && known.updatedAt > job.updatedAt ? known : job;
          set({ jobs: { ...get().jobs, [job.id]: latest }, exportJobId: job.id });
          return job;
        } catch (error) {
          fail(error);
          return null;
        }
      },

      async cancelJob(jobId) {
        try {
          const job = await bridge.cancelJob({ jobId });
          const known = get().jobs[job.id];
          if (!known || known.updatedAt <= job.updatedAt) set({ jobs: { ...get().jobs, [job.id]: job } });
        } catch (error) {
          fail(error);
        }
      },

      limits() {
        const project = get().project;
        return { durationSec: project?.media.probe.durationSec ?? 0, minLengthSec: MIN_LENGTH_SEC };
      },
    };
  });
  return store;
}
