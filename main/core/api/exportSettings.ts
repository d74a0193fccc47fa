// The export dialog remembers: each export (and each timeline written) stores its settings for its
// project and as the app-wide last, and the dialog opens with them. Read back through the schema, so a
// value stored by an older version, or damaged, falls back to the defaults instead of failing.
import {
  ExportSettingsSchema,
  ExportSpecSchema,
  type ExportSettings,
  type ExportSpec,
  type HighlighterApi,
  type TimelineFormatName,
} from '../../../preload/contract';
import type { CoreContext } from '../context';

const LAST = 'export.last';
const projectKey = (projectId: number) => `export.project.${projectId}`;

/** The settings key of a project's export settings (removed with the project). */
export const exportSettingsKey = projectKey;

function read(ctx: CoreContext, key: string): ExportSettings | null {
  const parsed = ExportSettingsSchema.safeParse(ctx.library.settings.get<unknown>(key));
  return parsed.success ? parsed.data : null;
}

export function exportDefaults(ctx: CoreContext, projectId: number): ExportSettings {
  const own = read(ctx, projectKey(projectId));
  if (own) return own;
  const last = read(ctx, LAST);
  // Another project's path is no suggestion for this one; its choices are.
  return last ? { ...last, outPath: null } : { spec: ExportSpecSchema.parse({}), outPath: null, timelineFormat: 'fcpxml' };
}

function store(ctx: CoreContext, projectId: number, change: Partial<ExportSettings>): void {
  const next: ExportSettings = { ...exportDefaults(ctx, projectId), ...change };
  ctx.library.settings.set(projectKey(projectId), next);
  ctx.library.settings.set(LAST, next);
}

/** After an export was started: its spec and path are what the dialog offers next time. */
export function rememberExport(ctx: CoreContext, projectId: number, spec: ExportSpec, outPath: string): void {
  store(ctx, projectId, { spec: ExportSpecSchema.parse(spec), outPath });
}

export function rememberTimelineFormat(ctx: CoreContext, projectId: number, timelineFormat: TimelineFormatName): void {
  store(ctx, projectId, { timelineFormat });
}

export function exportSettingsHandlers(ctx: CoreContext): Pick<HighlighterApi, 'exportDefaults'> {
  return {
    async exportDefaults({ projectId }) {
      return exportDefaults(ctx, projectId);
    },
  };
}
