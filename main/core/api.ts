// createApi(ctx) -> the one object that implements the contract. Each domain contributes its own
// handlers (a new feature adds a file, not a switch case); arguments are validated here, once, against
// the contract's schemas, so every shell (IPC, HTTP, CLI, tests) gets the same checks and messages.
import { methodNames, methods, type HighlighterApi, type MethodName } from '../../preload/contract';
import { AppError } from './errors';
import type { CoreContext } from './context';
import { appHandlers } from './api/app';
import { chatHandlers } from './api/chat';
import { exportHandlers } from './api/export';
import { exportSettingsHandlers } from './api/exportSettings';
import { highlightHandlers } from './api/detection';
import { projectHandlers } from './api/projects';
import { removalHandlers } from './api/removal';
import { timelineHandlers } from './api/timeline';
import { timelineExportHandlers } from './api/timelineExport';
import { twitchHandlers } from './api/twitch';

export function createApi(ctx: CoreContext): HighlighterApi {
  const handlers = {
    ...appHandlers(ctx),
    ...projectHandlers(ctx),
    ...removalHandlers(ctx),
    ...chatHandlers(ctx),
    ...highlightHandlers(ctx),
    ...exportHandlers(ctx),
    ...exportSettingsHandlers(ctx),
    ...twitchHandlers(ctx),
    ...timelineHandlers(ctx),
    ...timelineExportHandlers(ctx),
  } satisfies HighlighterApi;

  const api = {} as Record<MethodName, (args: unknown) => Promise<unknown>>;
  for (const name of methodNames) {
    const handler = handlers[name] as (args: unknown) => Promise<unknown>;
    api[name] = async (args: unknown) => handler(parseArgs(name, args));
  }
  return api as HighlighterApi;
}

export function parseArgs(name: MethodName, args: unknown): unknown {
  const parsed = methods[name].args.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'arguments'}: ${issue.message}`)
    .join('; ');
  throw new AppError('BAD_ARGUMENTS', `Invalid arguments for ${name}: ${detail}`);
}
