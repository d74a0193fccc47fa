// exportTimeline: the project's ranges, in reel order and named by their labels, written as a timeline
// file another editor opens (core/timeline/). Nothing is rendered, so it is a plain call, not a job.
import { resolve } from 'node:path';
import type { HighlighterApi } from '../../../preload/contract';
import { AppError } from '../errors';
import type { CoreContext } from '../context';
import { timelineSourceFromProbe } from '../timeline/source';
import { writeTimeline } from '../timeline/writeTimeline';
import { loadProject } from './loadProject';
import { rememberTimelineFormat } from './exportSettings';

export function timelineExportHandlers(ctx: CoreContext): Pick<HighlighterApi, 'exportTimeline'> {
  return {
    async exportTimeline({ projectId, format, outPath }) {
      const project = loadProject(ctx, projectId);
      if (project.highlights.length === 0) {
        throw new AppError('NO_HIGHLIGHTS', 'There are no highlights to put on a timeline: add or detect some first.');
      }
      // The timeline points at the video file: a VOD whose video is not all on disk has nothing to point at.
      const vod = ctx.library.vods.byProject(projectId);
      if (vod && vod.videoState !== 'complete') {
        throw new AppError('BAD_ARGUMENTS', 'The video of this VOD is not downloaded yet; a timeline needs the whole file. Download it first.');
      }
      const source = timelineSourceFromProbe(resolve(project.media.path), project.media.probe);
      const written = await writeTimeline(
        format,
        {
          source,
          ranges: project.highlights.map((h) => ({ start: h.start, end: h.end, label: h.label })),
          title: project.name,
        },
        outPath,
      );
      rememberTimelineFormat(ctx, projectId, format);
      return { outPath: written.outPath };
    },
  };
}
