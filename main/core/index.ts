// createCore(): the Electron-free core every shell wraps. Opens the library, starts the job queue
// (recovering jobs a previous run left behind) and builds the API.
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../preload/contract';
import pkg from '../../package.json';
import type { Core, CoreOptions } from './core';
import type { CoreContext } from './context';
import { createApi } from './api';
import { BackgroundTasks } from './background';
import { audioHeatmapJob } from './api/chat';
import { chatImportJob } from './api/chatImportJob';
import { registerTimelineJobs } from './api/timeline';
import { exportJob } from './api/export';
import { chatJob, videoJob } from './api/vodJobs';
import { openLibrary } from './library/openLibrary';
import { JobQueue } from './jobs/queue';

export type { Core, CoreOptions, Dialogs } from './core';

export async function createCore(opts: CoreOptions): Promise<Core> {
  const library = openLibrary(opts.dataDir, { nativeBinding: opts.sqliteNativeBinding });
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const queue = new JobQueue(library.jobs);
  const background = new BackgroundTasks();

  const ctx: CoreContext = {
    library,
    queue,
    background,
    env: opts.env ?? process.env,
    dialogs: opts.dialogs,
    version: pkg.version,
    emit: (event, payload) => emitter.emit(event, payload),
    cache: new Map(),
  };

  queue.register(exportJob(ctx));
  queue.register(chatJob(ctx));
  queue.register(videoJob(ctx));
  queue.register(audioHeatmapJob(ctx));
  queue.register(chatImportJob(ctx));
  registerTimelineJobs(ctx, queue);
  queue.on((job) => ctx.emit('job', job));
  await queue.recover();

  return {
    api: createApi(ctx),
    events: {
      on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    },
    mediaPath: (mediaId) => library.media.get(mediaId)?.path ?? null,
    dataDir: library.dataDir,
    async close() {
      await background.close();
      await queue.close();
      library.close();
    },
  };
}
