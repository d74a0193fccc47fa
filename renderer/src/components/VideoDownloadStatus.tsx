// Stands in for the player while a VOD's video is not all here: how far its download is, or why it
// stopped and a way to go on. Ranges can be edited and exported meanwhile (the core fetches the parts).
import type { Project } from '../../../preload/contract';
import { percentOf, progressLine, videoDownloadView } from '../jobs/lookup';
import { useApp } from '../store';
import { qualityName } from '../vod/preview';

export function VideoDownloadStatus({ project }: { project: Project }) {
  const jobs = useApp((s) => s.jobs);
  const resume = useApp((s) => s.resumeVideoDownload);
  const view = videoDownloadView(project, jobs);
  if (view.state === 'complete') return null;
  const { job } = view;
  const quality = project.twitch?.quality;

  return (
    <div className="video-placeholder" role="status" aria-label="Video download">
      <p className="video-placeholder-title">{headline(view.state, quality)}</p>
      {view.state === 'downloading' && job && (
        <>
          <div
            className="progress"
            role="progressbar"
            aria-label="Video download progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percentOf(job)}
            aria-valuetext={progressLine(job)}
          >
            <div className="progress-fill" style={{ width: `${percentOf(job)}%` }} />
          </div>
          {/* Not announced on every tick; the progressbar carries the same text. */}
          <p className="video-placeholder-detail" aria-live="off">
            {progressLine(job)}
          </p>
        </>
      )}
      {job?.error && view.canResume && <p className="video-placeholder-error">{job.error.message}</p>}
      <p className="video-placeholder-hint">
        You can edit the highlights and export now: only the parts of the video the reel needs are fetched.
      </p>
      {view.canResume && (
        <button type="button" className="btn btn-primary" onClick={() => void resume()}>
          Resume download
        </button>
      )}
    </div>
  );
}

function headline(state: ReturnType<typeof videoDownloadView>['state'], quality: string | undefined): string {
  const which = quality ? ` (${qualityName(quality)})` : '';
  switch (state) {
    case 'downloading':
      return `Downloading the video${which}…`;
    case 'finishing':
      return 'Video downloaded; loading it…';
    case 'failed':
      return 'The video download failed.';
    case 'cancelled':
      return 'The video download was stopped.';
    case 'interrupted':
      return 'The video download was interrupted (Highlighter was closed).';
    case 'not-started':
      return 'The video is not downloaded (opened with chat only).';
    case 'complete':
      return '';
  }
}
