// Shown over the empty heatmap of a VOD project until its chat is in: the chat download's progress, or
// why it stopped and a way to start it again. The heatmap and proposals appear by themselves after it.
import type { Project } from '../../../preload/contract';
import { chatDownloadView, percentOf, progressLine } from '../jobs/lookup';
import { useApp } from '../store';

export function ChatDownloadStatus({ project }: { project: Project }) {
  const jobs = useApp((s) => s.jobs);
  const retry = useApp((s) => s.retryChatDownload);
  const view = chatDownloadView(project, jobs);
  const { job } = view;
  if (view.state === 'has-chat') return null;

  if (view.state === 'downloading' && job) {
    return (
      <div className="chat-download" role="status" aria-label="Chat download">
        <p>
          <strong>Downloading chat…</strong> <span aria-live="off">{progressLine(job)}</span>
        </p>
        <div className="progress progress-thin" aria-hidden="true">
          <div className="progress-fill" style={{ width: `${percentOf(job)}%` }} />
        </div>
        <p className="muted small">The heatmap and the proposed highlights appear when it is in.</p>
      </div>
    );
  }
  if (view.state === 'finishing' || view.state === 'none') {
    return (
      <div className="chat-download" role="status" aria-label="Chat download">
        <p>{view.state === 'finishing' ? 'Chat downloaded; drawing the heatmap…' : 'Waiting for the chat download…'}</p>
      </div>
    );
  }
  const why =
    view.state === 'failed'
      ? `The chat download failed${job?.error ? `: ${job.error.message}` : '.'}`
      : view.state === 'interrupted'
        ? 'The chat download was interrupted (Highlighter was closed).'
        : 'The chat download was stopped.';
  return (
    <div className="chat-download" role="status" aria-label="Chat download">
      <p>{why}</p>
      <button type="button" className="btn btn-small" onClick={() => void retry()}>
        Download chat again
      </button>
    </div>
  );
}
