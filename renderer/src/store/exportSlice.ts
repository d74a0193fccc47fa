// Export: the dialog's state, its plan and the export job it follows. Pending edits are saved first, so
// the core exports what the screen shows.
import type { JobsControl } from './jobsSlice';
import type { RangesControl } from './rangesSlice';
import type { SliceContext } from './sliceContext';
import type { AppActions } from './types';

export type ExportActions = Pick<AppActions, 'setExportOpen' | 'planExport' | 'startExport' | 'exportTimeline' | 'exportDefaults'>;

export function createExport(ctx: SliceContext, ranges: RangesControl, jobs: JobsControl): ExportActions {
  const { bridge, get, set, fail } = ctx;
  return {
    setExportOpen(open) {
      set({ exportOpen: open });
    },

    async planExport(mode) {
      const project = get().project;
      if (!project) throw new Error('No project is open.');
      await ranges.flush();
      return bridge.planExport({ projectId: project.id, mode });
    },

    async startExport(outPath, spec) {
      const project = get().project;
      if (!project) return null;
      try {
        await ranges.flush();
        const job = await bridge.startExport({ ...spec, projectId: project.id, outPath });
        // An event for this job may already have arrived; keep whichever is newer.
        jobs.remember(job);
        set({ exportJobId: job.id });
        return job;
      } catch (error) {
        fail(error);
        return null;
      }
    },

    async exportTimeline(format, outPath) {
      const project = get().project;
      if (!project) return null;
      try {
        await ranges.flush();
        return (await bridge.exportTimeline({ projectId: project.id, format, outPath })).outPath;
      } catch (error) {
        fail(error);
        return null;
      }
    },

    async exportDefaults() {
      const project = get().project;
      if (!project) return null;
      return bridge.exportDefaults({ projectId: project.id }).catch(() => null);
    },
  };
}
