// Detection: the sensitivity and target reel length, and re-detecting when they change (debounced, one
// run at a time). The answer replaces untouched proposals and is one undo step.
import { createDebouncer } from './debounce';
import type { ProjectControl } from './projectSlice';
import type { RangesControl } from './rangesSlice';
import type { SliceContext } from './sliceContext';
import type { AppActions } from './types';

/** A settings change re-detects once the slider or the target field has been still this long. */
export const DETECT_DELAY_MS = 300;

export type DetectionActions = Pick<AppActions, 'setSensitivity' | 'setTargetReel' | 'detect'>;

export function createDetection(ctx: SliceContext, ranges: RangesControl, projects: ProjectControl): DetectionActions {
  const { bridge, get, set } = ctx;
  /** The detection running now, and whether settings changed while it ran. */
  let detecting: Promise<void> | null = null;
  let detectAgain = false;
  const autoDetect = createDebouncer(() => void get().detect(), DETECT_DELAY_MS);
  projects.onLeave(() => {
    autoDetect.cancel();
    detectAgain = false;
  });

  /**
   * One detection with the settings as they are now. New edits wait (the save queue is held) while
   * the core works; its answer is then merged with them, so neither a stale list overwrites the new
   * proposals nor the new proposals overwrite an edit.
   */
  async function detectOnce(): Promise<void> {
    const project = get().project;
    if (!project) return;
    const release = ranges.hold();
    await ctx.busyWith('detecting', async () => {
      // The core keeps edited ranges, so it must see the latest edits first.
      await ranges.flush();
      if (get().project?.id !== project.id) return false;
      const sent = ranges.base();
      const { sensitivity, targetReelSec } = get();
      const updated = await bridge.detect({ projectId: project.id, sensitivity, targetReelSec });
      if (get().project?.id !== project.id) return false;
      ranges.adoptDetection(sent, updated);
      set({ project: updated });
      return true;
    }).finally(release);
  }

  return {
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
  };
}
