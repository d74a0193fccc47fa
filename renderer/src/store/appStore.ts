// The UI's store: its state (types.ts) and the actions of each slice, composed over one context. Only
// the slices call the bridge; components read slices of state with `useApp` and call actions.
import { createStore } from 'zustand/vanilla';
import type { HighlighterBridge } from '../../../preload/contract';
import { createDetection } from './detectionSlice';
import { createExport } from './exportSlice';
import { EMPTY_HISTORY } from './history';
import { createJobs } from './jobsSlice';
import { createProjects } from './projectSlice';
import { createRanges } from './rangesSlice';
import { createSliceContext } from './sliceContext';
import { EMPTY_VOD, type AppState, type AppStore, type Store } from './types';
import { createVod } from './vodSlice';

export { DETECT_DELAY_MS } from './detectionSlice';
export { SAVE_DELAY_MS, toInputs } from './rangesSlice';
export * from './types';

const INITIAL: AppState = {
  appInfo: null,
  projects: [],
  project: null,
  heatmap: null,
  highlights: [],
  order: [],
  history: EMPTY_HISTORY,
  selectedId: null,
  sensitivity: 0.5,
  targetReelSec: null,
  alert: null,
  busy: null,
  saveStatus: 'idle',
  jobs: {},
  exportJobId: null,
  exportOpen: false,
  shortcutsOpen: false,
  vod: EMPTY_VOD,
  startAtSec: null,
};

export function createAppStore(bridge: HighlighterBridge): AppStore {
  return createStore<Store>()((set, get) => {
    const ctx = createSliceContext(bridge, get, set);
    const ranges = createRanges(ctx);
    const projects = createProjects(ctx, ranges.control);
    const jobs = createJobs(ctx, projects.control);
    return {
      ...INITIAL,
      ...ranges.actions,
      ...projects.actions,
      ...jobs.actions,
      ...createDetection(ctx, ranges.control, projects.control),
      ...createExport(ctx, ranges.control, jobs.control),
      ...createVod(ctx, projects.control, jobs.actions),
      showError: ctx.fail,
      setShortcutsOpen(open) {
        set({ shortcutsOpen: open });
      },
      dismissAlert() {
        set({ alert: null });
      },
      async chooseFile(purpose, defaultPath) {
        try {
          const { path } = await bridge.chooseFile(defaultPath ? { purpose, defaultPath } : { purpose });
          return path;
        } catch (error) {
          ctx.fail(error);
          return null;
        }
      },
    };
  });
}
