// Jobs: the list the jobs panel shows, kept current by events; cancel; and the VOD downloads a
// project can start again. A finished download or import reloads the project it changed.
import type { Job } from '../../../preload/contract';
import { CHAT_IMPORT, newerJob, TWITCH_CHAT, TWITCH_VIDEO } from '../jobs/lookup';
import type { ProjectControl } from './projectSlice';
import type { SliceContext } from './sliceContext';
import type { AppActions } from './types';

export type JobsActions = Pick<AppActions, 'init' | 'refreshJobs' | 'cancelJob' | 'resumeVideoDownload' | 'retryChatDownload'>;

export interface JobsControl {
  remember(job: Job): void;
}

export function createJobs(ctx: SliceContext, projects: ProjectControl): { control: JobsControl; actions: JobsActions } {
  const { bridge, get, set, fail } = ctx;
  let unsubscribe: Array<() => void> = [];
  /** Reloads run one after another, so two quick change events never merge against the same base. */
  let reloads: Promise<void> = Promise.resolve();

  /** A project changed elsewhere (a download or detection job, another window): reload it. */
  function onProjectChanged(projectId: number): Promise<void> {
    reloads = reloads.then(async () => {
      if (get().project?.id !== projectId) return;
      try {
        await projects.applyRemote(await bridge.openProject({ projectId }));
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

  function merge(list: readonly Job[]): void {
    const byId: Record<number, Job> = { ...get().jobs };
    for (const job of list) byId[job.id] = newerJob(byId[job.id], job);
    set({ jobs: byId });
  }

  const control: JobsControl = {
    remember(job) {
      set({ jobs: { ...get().jobs, [job.id]: newerJob(get().jobs[job.id], job) } });
    },
  };

  const actions: JobsActions = {
    async init() {
      unsubscribe.forEach((u) => u());
      unsubscribe = [
        bridge.on('job', onJob),
        bridge.on('project', ({ projectId }) => void onProjectChanged(projectId)),
        // The home screen's list (a thumbnail made, a project removed elsewhere).
        bridge.on('projects', () => {
          if (!get().project) void get().refreshProjects();
        }),
      ];
      const [info, list, jobs] = await Promise.allSettled([bridge.getAppInfo({}), bridge.listProjects({}), bridge.listJobs({})]);
      if (info.status === 'fulfilled') set({ appInfo: info.value });
      else fail(info.reason);
      if (list.status === 'fulfilled') set({ projects: list.value });
      if (jobs.status === 'fulfilled') merge(jobs.value);
    },

    async refreshJobs() {
      try {
        merge(await bridge.listJobs({}));
      } catch {
        // Job events keep the list current; this is only a catch-up.
      }
    },

    async cancelJob(jobId) {
      try {
        control.remember(await bridge.cancelJob({ jobId }));
      } catch (error) {
        fail(error);
      }
    },

    async resumeVideoDownload() {
      const project = get().project;
      if (!project?.twitch) return;
      try {
        control.remember(await bridge.downloadVodVideo({ projectId: project.id }));
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
        await projects.applyRemote(updated);
        await get().refreshJobs();
      } catch (error) {
        fail(error);
      }
    },
  };

  return { control, actions };
}
