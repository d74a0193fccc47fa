// Background work (VOD downloads, imports, exports …) with live progress from the core's job events.
// Several jobs run at once; each running one can be cancelled, a stopped video download resumed.
import type { Job } from '../../../preload/contract';
import { canResumeJob, isActive, percentOf, progressLine, visibleJobs } from '../jobs/lookup';
import { useApp } from '../store';

const SHOWN = 6;

export function JobsPanel() {
  const jobs = useApp((s) => s.jobs);
  const projectId = useApp((s) => s.project?.id ?? null);
  // While the export dialog shows its job, the dialog owns that job's controls ("Cancel export").
  const dialogJobId = useApp((s) => (s.exportOpen ? s.exportJobId : null));
  const list = visibleJobs(jobs, projectId, SHOWN);
  if (list.length === 0) return null;
  return (
    <section className="panel jobs" aria-labelledby="jobs-title">
      <h2 id="jobs-title" className="section-title">
        Jobs
      </h2>
      <ul className="job-list">
        {list.map((job) => (
          <JobRow key={job.id} job={job} inDialog={job.id === dialogJobId} canResume={canResumeJob(job, jobs)} />
        ))}
      </ul>
    </section>
  );
}

function JobRow({ job, inDialog, canResume }: { job: Job; inDialog: boolean; canResume: boolean }) {
  const cancelJob = useApp((s) => s.cancelJob);
  const resume = useApp((s) => s.resumeVideoDownload);
  const openProjectId = useApp((s) => s.project?.id ?? null);
  const active = isActive(job);
  const percent = percentOf(job);
  return (
    <li className={`job-item job-item-${job.state}`}>
      <div className="job-line">
        <span className="job-title" title={job.title}>
          {job.title}
        </span>
        <span className="job-state">{active ? `${percent}%` : job.state}</span>
      </div>
      {active && (
        <div
          className="progress progress-thin"
          role={inDialog ? undefined : 'progressbar'}
          aria-hidden={inDialog ? true : undefined}
          aria-label={inDialog ? undefined : `${job.title} progress`}
          aria-valuemin={inDialog ? undefined : 0}
          aria-valuemax={inDialog ? undefined : 100}
          aria-valuenow={inDialog ? undefined : percent}
          aria-valuetext={inDialog ? undefined : progressLine(job)}
        >
          <div className="progress-fill" style={{ width: `${percent}%` }} />
        </div>
      )}
      {active && <p className="job-detail">{progressLine(job)}</p>}
      {job.error && job.state !== 'cancelled' && <p className="job-detail job-error">{job.error.message}</p>}
      {(active && !inDialog) || (canResume && job.projectId === openProjectId) ? (
        <div className="job-actions">
          {active && !inDialog && (
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={`Cancel ${job.title}`}
              onClick={() => void cancelJob(job.id)}
            >
              Cancel
            </button>
          )}
          {canResume && job.projectId === openProjectId && (
            <button type="button" className="btn btn-small" onClick={() => void resume()}>
              Resume download
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}
