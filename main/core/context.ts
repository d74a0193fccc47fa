// What every API domain handler and job handler gets: the library, the job queue, background tasks,
// the environment and a way to push events. Built once by createCore().
import type { EventName, EventPayload } from '../../preload/contract';
import type { BackgroundTasks } from './background';
import type { Dialogs } from './core';
import type { Library } from './library/openLibrary';
import type { JobQueue } from './jobs/queue';

export interface CoreContext {
  library: Library;
  queue: JobQueue;
  /** Small work nobody waits for (thumbnails); stopped when the core closes. */
  background: BackgroundTasks;
  env: NodeJS.ProcessEnv;
  dialogs: Dialogs | undefined;
  version: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Per-process caches of derived data (heatmaps, keyframe lists), keyed so a re-import invalidates them. */
  cache: Map<string, unknown>;
}

/** Memoises derived data in the context cache under a key that names its inputs. */
export async function cached<T>(ctx: CoreContext, key: string, make: () => T | Promise<T>): Promise<T> {
  if (ctx.cache.has(key)) return ctx.cache.get(key) as T;
  const value = await make();
  ctx.cache.set(key, value);
  return value;
}
