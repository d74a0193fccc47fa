// The store's shape: what the UI shows (state) and what it can ask for (actions). The actions are built
// by one slice per concern (projectSlice, rangesSlice, detectionSlice, jobsSlice, exportSlice, vodSlice)
// over a shared context (sliceContext.ts).
import type { StoreApi } from 'zustand/vanilla';
import type {
  AppInfo,
  ExportMode,
  ExportSettings,
  ExportSpec,
  Heatmap,
  Highlight,
  HighlighterBridge,
  Job,
  Project,
  ProjectSummary,
  TimelineFormatName,
  VodPreview,
} from '../../../preload/contract';

/** What the export dialog asks for: a mode, and any other field of the spec (the rest: its defaults). */
export type ExportRequest = Partial<ExportSpec> & { mode: ExportMode };
import type { CreateResult } from '../ranges/create';
import type { Limits } from '../ranges/limits';
import type { History } from './history';

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
  /** The local truth for the ranges, sorted by start (the editing rules work in time order); saved as it changes. */
  highlights: Highlight[];
  /** The reel order (the list's order) of the ranges' ids; "highlight N" is the N-th here. */
  order: string[];
  /** Undo and redo of the open project's range edits. */
  history: History;
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
  /** The "Keyboard shortcuts" dialog. */
  shortcutsOpen: boolean;
  vod: VodLookup;
  /** Where the player starts in the project just opened (a VOD link's `?t=`), until taken. */
  startAtSec: number | null;
}

/** What an edit did, for its undo step: "move" of the range `id` reads "move of highlight 3". */
export interface EditIntent {
  verb: string;
  /** The range it is about (numbered by the reel order before the edit); omitted: the verb alone. */
  id?: string | null;
  mergeKey?: string | null;
  /** New ids and the id each should follow in a reordered list (a split's new half after its origin). */
  anchors?: ReadonlyMap<string, string>;
}

export interface AppActions {
  init(): Promise<void>;
  refreshProjects(): Promise<void>;
  openLocal(videoPath: string, chatPath?: string): Promise<boolean>;
  openProject(projectId: number): Promise<boolean>;
  closeProject(): Promise<void>;
  /** What removing the project would delete from disk (a VOD's downloaded files). */
  describeRemoval(projectId: number): Promise<{ files: string[]; vod: boolean }>;
  /** Removes the project; resolves with the reason it could not, or null. */
  removeProject(projectId: number): Promise<string | null>;
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
  /**
   * A user's edit: replaces the ranges with an edited list (from the pure rules), records it as one undo
   * step and saves it. `intent` names the step ("move" of highlight N); a run of edits with the same
   * mergeKey within a second is one step.
   */
  commit(next: Highlight[], selectId?: string | null, intent?: EditIntent): void;
  /** Apply a rule that can refuse; a refusal becomes an alert. */
  commitResult(result: CreateResult, intent?: EditIntent): boolean;
  /** Moves a range to another place in the reel order (one undo step). */
  reorder(id: string, toIndex: number): void;
  /** Sets a range's label ('' clears it); a run of typing is one undo step. */
  setLabel(id: string, label: string): void;
  undo(): void;
  redo(): void;
  select(id: string | null): void;
  flushSaves(): Promise<void>;
  showError(error: unknown): void;
  dismissAlert(): void;
  chooseFile(purpose: 'video' | 'chat' | 'export', defaultPath?: string): Promise<string | null>;
  setExportOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
  planExport(mode: ExportMode): ReturnType<HighlighterBridge['planExport']>;
  /** Starts an export job: one reel, or with layout 'clips' one file per range; the rest of the spec as given. */
  startExport(outPath: string, spec: ExportRequest): Promise<Job | null>;
  /** Writes the ranges as a timeline for another editor; resolves to the file written (null on failure). */
  exportTimeline(format: TimelineFormatName, outPath: string): Promise<string | null>;
  /** The settings the export dialog opens with (the last ones used). */
  exportDefaults(): Promise<ExportSettings | null>;
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
export type Store = AppState & AppActions;
