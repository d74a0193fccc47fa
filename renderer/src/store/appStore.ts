// The UI's state and every action that talks to the core. Components read slices with `useApp` and
// call actions; only this file calls the bridge (besides the export dialog's plan/start/cancel, which go
// through actions here too).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AppInfo,
  ExportLayout,
  ExportMode,
  Heatmap,
  Highlight,
  HighlighterBridge,
  HighlightInput,
  Job,
  Project,
  ProjectSummary,
  VodPreview,
} from '../../../preload/contract';
import { errorCode, userMessage } from '../bridge/bridgeError';
import { CHAT_IMPORT, newerJob, TWITCH_CHAT, TWITCH_VIDEO } from '../jobs/lookup';
import { MIN_LENGTH_SEC, sortByStart, type Limits } from '../ranges/limits';
import type { CreateResult } from '../ranges/create';
import { mergeRanges, sameRanges } from '../ranges/merge';
import { createDebouncer } from './debounce';
import { createSaveQueue, type SaveQueue } from './saveQueue';

export const SAVE_DELAY_MS = 250;
/** A settings change re-detects once the slider or the target field has been still this long. */
export const DETECT_DELAY_MS = 300;

export interface Alert {
  message: string;
  code: string | null;
  /** Increases on every alert so the same message shown twice is announced twice. */
  seq: number;
}

export type SaveStatus = 'idle' | 'pending' | 'saved' | 'error';
export type Busy = 'opening' | 'opening-vod' | 'importing' | 'detecting' | null;

/** A failed call as the UI shows it: the core's message (written for users) and its code. */
export interface CallError {
  message: string;
  code: string | null;
}

/** The open screen's Twitch VOD form: what was typed, the lookup and its answer. */
export interface VodLookup {
  input: string;
  /** The reference the preview (or error) belongs to. */
  ref: string | null;
  status: 'idle' | 'looking' | 'ready' | 'opening';
  preview: VodPreview | null;
  error: CallError | null;
}

export const EMPTY_VOD: VodLookup = { input: '', ref: null, status: 'idle', preview: null, error: null };

export interface VodOpenOptions {
  /** A quality id from the preview; null lets the core pick (source). */
  quality: string | null;
  /** False opens the VOD with its chat only; the video can be downloaded later. */
  video: boolean;
}

export interface AppState {
  appInfo: AppInfo | null;
  projects: ProjectSummary[];
  project: Project | null;
  heatmap: Heatmap | null;
  /** The local truth for the ranges, sorted by start; saved as it changes. */
  highlights: Highlight[];
  selectedId: string | null;
  sensitivity: number;
  /** "Target reel length" in seconds; null = no limit. */
  targetReelSec: number | null;
  alert: Alert | null;
  busy: Busy;
  saveStatus: SaveStatus;
  jobs: Record<number, Job>;
  /** The export job the dialog follows. */
  exportJobId: number | null;
  exportOpen: boolean;
  vod: VodLookup;
  /** Where the player starts in the project just opened (a VOD link's `?t=`), until taken. */
  startAtSec: number | null;
}

export interface AppActions {
  init(): Promise<void>;
  refreshProjects(): Promise<void>;
  openLocal(videoPath: string, chatPath?: string): Promise<boolean>;
  openProject(projectId: number): Promise<boolean>;
  closeProject(): Promise<void>;
  /** Imports (or replaces) the project's chat; `shiftSec` is the chat sync (seconds added to every message). */
  importChat(chatPath: string, shiftSec?: number): Promise<boolean>;
  /** Changes the sensitivity and re-detects shortly after (when the project has chat). */
  setSensitivity(value: number): void;
  /** Changes the target reel length (null = no limit) and re-detects shortly after. */
  setTargetReel(sec: number | null): void;
  /**
   * Re-detects now with the current settings. One detection runs at a time; asking again meanwhile
   * runs once more afterwards with the latest settings. Edits made meanwhile are merged in, not lost.
   */
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
  /** Starts an export job: one reel, or with layout 'clips' one file per range. */
  startExport(outPath: string, mode: ExportMode, layout?: ExportLayout): Promise<Job | null>;
  cancelJob(jobId: number): Promise<void>;
  refreshJobs(): Promise<void>;
  limits(): Limits;
  setVodInput(text: string): void;
  /** Looks the VOD up (the typed text by default); resolves true when a preview is shown. */
  lookUpVod(ref?: string): Promise<boolean>;
  /** Opens the previewed VOD; the editor shows at once while chat and video download. */
  openVod(options: VodOpenOptions): Promise<boolean>;
  /** Stores (or with null forgets) the Twitch token; retries a lookup that needed it. */
  setTwitchToken(token: string | null): Promise<boolean>;
  /** Starts or resumes the open VOD project's video download. */
  resumeVideoDownload(): Promise<void>;
  /** Starts the open VOD project's chat download again after it failed or stopped. */
  retryChatDownload(): Promise<void>;
  /** The start position for the player, once. */
  takeStartAt(): number | null;
}

export type AppStore = StoreApi<AppState & AppActions>;

/** What a save sends: the whole range, tags and evidence included (a split's new half has no stored copy). */
export function toInputs(list: readonly Highlight[]): HighlightInput[] {
  return list.map(({ id, start, end, score, origin, edited, tags, evidence }) => ({
    id,
    start,
    end,
    score,
    origin,
    edited,
    tags,
    evidence,
  }));
}

export function createAppStore(bridge: HighlighterBridge): AppStore {
  let saves: SaveQueue<Highlight[]> | null = null;
  let alertSeq = 0;
  let unsubscribe: Array<() => void> = [];
  /** The ranges as the core last confirmed them: the common ancestor when its changes meet local edits. */
  let base: Highlight[] = [];
  let lookupSeq = 0;
  /** Reloads run one after another, so two quick change events never merge against the same base. */
  let reloads: Promise<void> = Promise.resolve();
  /** The detection running now, and whether settings changed while it ran. */
  let detecting: Promise<void> | null = null;
  let detectAgain = false;
  const autoDetect = createDebouncer(() => void store.getState().detect(), DETECT_DELAY_MS);

  const store = createStore<AppState & AppActions>()((set, get) => {
    function fail(error: unknown): void {
      alertSeq += 1;
      set({ alert: { message: userMessage(error), code: errorCode(error), seq: alertSeq } });
    }

    function keepSelection(highlights: Highlight[]): string | null {
      const selectedId = get().selectedId;
      return selectedId && highlights.some((h) => h.id === selectedId) ? selectedId : null;
    }

    function makeSaveQueue(projectId: number): SaveQueue<Highlight[]> {
      return createSaveQueue<Highlight[], Highlight[]>({
        delayMs: SAVE_DELAY_MS,
        save: (list) => bridge.saveHighlights({ projectId, highlights: toInputs(list) }),
        // Even a superseded answer is what the core holds now: the base for merging what comes next.
        onConfirmed: (result) => {
          if (get().project?.id === projectId) base = sortByStart(result);
        },
        onSaved: (result) => {
          if (get().project?.id !== projectId) return;
          const highlights = sortByStart(result);
          base = highlights;
          set({
            highlights,
            saveStatus: saves?.busy() ? 'pending' : 'saved',
            selectedId: keepSelection(highlights),
          });
        },
        onError: (error) => {
          set({ saveStatus: 'error' });
          fail(error);
        },
      });
    }

    async function loadProject(project: Project): Promise<void> {
      autoDetect.cancel();
      detectAgain = false;
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
      base = sortByStart(project.highlights);
      set({
        project,
        highlights: base,
        selectedId: null,
        sensitivity: project.detector.sensitivity,
        targetReelSec: project.detector.targetReelSec,
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

    /**
     * Takes the core's copy of the open project (chat imported, proposals made, video finished) without
     * losing the user's edits: with edits not yet confirmed, the ranges are merged and the merge saved.
     */
    async function applyRemote(project: Project): Promise<void> {
      const state = get();
      if (!state.project || state.project.id !== project.id) return;
      const remote = sortByStart(project.highlights);
      const edited = (saves?.busy() ?? false) || !sameRanges(state.highlights, base);
      const next = edited ? mergeRanges(base, state.highlights, remote) : remote;
      base = remote;
      const chatChanged = JSON.stringify(project.chat) !== JSON.stringify(state.project.chat);
      // Touch only what changed: a new highlights array re-syncs the timeline, a new heatmap rebuilds it.
      if (sameRanges(next, state.highlights)) set({ project });
      else set({ project, highlights: next, selectedId: keepSelection(next) });
      if (edited && !sameRanges(next, remote) && saves) {
        set({ saveStatus: 'pending' });
        saves.schedule(next);
      }
      if (chatChanged) await loadHeatmap(project.id);
    }

    /** A project changed elsewhere (a download or detection job, another window): reload it. */
    function onProjectChanged(projectId: number): Promise<void> {
      reloads = reloads.then(async () => {
        if (get().project?.id !== projectId) return;
        try {
          await applyRemote(await bridge.openProject({ projectId }));
        } catch {
          // The next explicit action reports problems; a background refresh stays quiet.
        }
      });
      return reloads;
    }

    function onJob(job: Job): void {
      const known = get().jobs[job.id];
      set({ jobs: { ...get().jobs, [job.id]: job } });
      // A finished download or import changes the project; reload even if its own change event went missing.
      const changesProject = job.kind === TWITCH_CHAT || job.kind === TWITCH_VIDEO || job.kind === CHAT_IMPORT;
      if (changesProject && job.state === 'done' && known?.state !== 'done' && job.projectId === get().project?.id) {
        void onProjectChanged(job.projectId);
      }
    }

    /**
     * One detection with the settings as they are now. New edits wait (the save queue is held) while
     * the core works; its answer is then merged with them like a change event, so neither a stale list
     * overwrites the new proposals nor the new proposals overwrite an edit.
     */
    async function detectOnce(): Promise<void> {
      const project = get().project;
      if (!project) return;
      set({ busy: 'detecting', alert: null });
      const release = saves?.hold();
      try {
        // The core keeps edited ranges, so it must see the latest edits first.
        await saves?.flush();
        if (get().project?.id !== project.id) return;
        const sent = base;
        const { sensitivity, targetReelSec } = get();
        const updated = await bridge.detect({ projectId: project.id, sensitivity, targetReelSec });
        if (get().project?.id !== project.id) return;
        const remote = sortByStart(updated.highlights);
        const local = get().highlights;
        const editedMeanwhile = (saves?.busy() ?? false) || !sameRanges(local, sent);
        const next = editedMeanwhile ? mergeRanges(sent, local, remote) : remote;
        base = remote;
        set({ project: updated, highlights: next, selectedId: keepSelection(next) });
        if (editedMeanwhile && !sameRanges(next, remote) && saves) {
          set({ saveStatus: 'pending' });
          saves.schedule(next);
        }
      } catch (error) {
        fail(error);
      } finally {
        release?.();
        set({ busy: null });
      }
    }

    function rememberJob(job: Job): void {
      set({ jobs: { ...get().jobs, [job.id]: newerJob(get().jobs[job.id], job) } });
    }

    return {
      appInfo: null,
      projects: [],
      project: null,
      heatmap: null,
      highlights: [],
      selectedId: null,
      sensitivity: 0.5,
      targetReelSec: null,
      alert: null,
      busy: null,
      saveStatus: 'idle',
      jobs: {},
      exportJobId: null,
      exportOpen: false,
      vod: EMPTY_VOD,
      startAtSec: null,

      async init() {
        unsubscribe.forEach((u) => u());
        unsubscribe = [
          bridge.on('job', onJob),
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
          for (const job of jobs.value) byId[job.id] = newerJob(byId[job.id], job);
          set({ jobs: byId });
        }
      },

      async refreshJobs() {
        try {
          const list = await bridge.listJobs({});
          const byId: Record<number, Job> = { ...get().jobs };
          for (const job of list) byId[job.id] = newerJob(byId[job.id], job);
          set({ jobs: byId });
        } catch {
          // Job events keep the list current; this is only a catch-up.
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
        autoDetect.cancel();
        detectAgain = false;
        if (saves) {
          await saves.flush();
          saves.dispose();
          saves = null;
        }
        base = [];
        set({
          project: null,
          heatmap: null,
          highlights: [],
          selectedId: null,
          exportOpen: false,
          exportJobId: null,
          startAtSec: null,
        });
        await get().refreshProjects();
      },

      async importChat(chatPath, shiftSec) {
        const project = get().project;
        if (!project) return false;
        set({ busy: 'importing', alert: null });
        try {
          await saves?.flush();
          const updated = await bridge.importChat({ projectId: project.id, chatPath, shiftSec });
          if (get().project?.id !== project.id) return false;
          base = sortByStart(updated.highlights);
          set({ project: updated, highlights: base, selectedId: keepSelection(base) });
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
        const sensitivity = Math.min(1, Math.max(0, value));
        if (sensitivity === get().sensitivity) return;
        set({ sensitivity });
        if (get().project?.chat) autoDetect.schedule();
      },

      setTargetReel(sec) {
        if (sec === get().targetReelSec) return;
        set({ targetReelSec: sec });
        if (get().project?.chat) autoDetect.schedule();
      },

      detect() {
        autoDetect.cancel();
        if (detecting) {
          detectAgain = true;
          return detecting;
        }
        const projectId = get().project?.id;
        const run = async () => {
          do {
            detectAgain = false;
            await detectOnce();
          } while (detectAgain && projectId !== undefined && get().project?.id === projectId);
        };
        detecting = run().finally(() => {
          detecting = null;
        });
        return detecting;
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

      async startExport(outPath, mode, layout = 'reel') {
        const project = get().project;
        if (!project) return null;
        try {
          await saves?.flush();
          const job = await bridge.startExport({ projectId: project.id, outPath, mode, layout });
          // An event for this job may already have arrived; keep whichever is newer.
          rememberJob(job);
          set({ exportJobId: job.id });
          return job;
        } catch (error) {
          fail(error);
          return null;
        }
      },

      async cancelJob(jobId) {
        try {
          rememberJob(await bridge.cancelJob({ jobId }));
        } catch (error) {
          fail(error);
        }
      },

      limits() {
        const project = get().project;
        return { durationSec: project?.media.probe.durationSec ?? 0, minLengthSec: MIN_LENGTH_SEC };
      },

      setVodInput(text) {
        set({ vod: { ...get().vod, input: text } });
      },

      async lookUpVod(ref) {
        const text = (ref ?? get().vod.input).trim();
        if (!text) return false;
        lookupSeq += 1;
        const seq = lookupSeq;
        set({ vod: { input: ref ?? get().vod.input, ref: text, status: 'looking', preview: null, error: null } });
        try {
          const preview = await bridge.resolveVod({ ref: text });
          if (seq !== lookupSeq) return false;
          set({ vod: { ...get().vod, status: 'ready', preview, error: null } });
          return true;
        } catch (error) {
          if (seq !== lookupSeq) return false;
          set({ vod: { ...get().vod, status: 'idle', preview: null, error: { message: userMessage(error), code: errorCode(error) } } });
          return false;
        }
      },

      async openVod({ quality, video }) {
        const vod = get().vod;
        if (!vod.preview || !vod.ref || vod.status !== 'ready' || get().busy) return false;
        set({ busy: 'opening-vod', alert: null, vod: { ...vod, status: 'opening', error: null } });
        try {
          const project = await bridge.openVod(quality ? { ref: vod.ref, quality, video } : { ref: vod.ref, video });
          // Set before the editor mounts, so its player starts there.
          set({ startAtSec: vod.preview.startSec });
          await loadProject(project);
          set({ vod: EMPTY_VOD });
          void get().refreshJobs();
          return true;
        } catch (error) {
          set({ startAtSec: null, vod: { ...get().vod, status: 'ready', error: { message: userMessage(error), code: errorCode(error) } } });
          return false;
        } finally {
          set({ busy: null });
        }
      },

      async setTwitchToken(token) {
        try {
          const { twitchToken } = await bridge.setTwitchToken({ token });
          const info = get().appInfo;
          if (info) set({ appInfo: { ...info, twitchToken } });
        } catch (error) {
          fail(error);
          return false;
        }
        const vod = get().vod;
        if (token && vod.ref && vod.error?.code === 'VOD_SUBSCRIBER_ONLY') await get().lookUpVod(vod.ref);
        return true;
      },

      async resumeVideoDownload() {
        const project = get().project;
        if (!project?.twitch) return;
        try {
          rememberJob(await bridge.downloadVodVideo({ projectId: project.id }));
        } catch (error) {
          fail(error);
        }
      },

      async retryChatDownload() {
        const project = get().project;
        if (!project?.twitch) return;
        try {
          // Reopening a VOD starts its chat download again; `video: false` leaves the video as it is.
          const updated = await bridge.openVod({ ref: project.twitch.url, video: false });
          await applyRemote(updated);
          await get().refreshJobs();
        } catch (error) {
          fail(error);
        }
      },

      takeStartAt() {
        const start = get().startAtSec;
        if (start !== null) set({ startAtSec: null });
        return start;
      },
    };
  });
  return store;
}
