// Recent background work (imports, exports …) with live progress from the core's job events.
import type { Job } from '../../../preload/contract';
import { formatTimeLeft } from '../format';
import { useApp } from '../store';

const SHOWN = 6;

export function JobsPanel() {
  const jobs = useApp((s) => s.jobs);
  const projectId = useApp((s) => s.project?.id ?? null);
  const cancelJob = useApp((s) => s.cancelJob);
  // This project's work, plus work that belongs to no project.
  const list = Object.values(jobs)
    .filter((job) => job.projectId === null || job.projectId === projectId)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id))
    .slice(0, SHOWN);
  if (list.length === 0) return null;
  return (
    <section className="panel jobs" aria-labelledby="jobs-title">
      <h2 id="jobs-title" className="section-title">
        Jobs
      </h2>
      <ul className="job-list">
        {list.map((job) => (
          <JobRow key={job.id} job={job} onCancel={() => void cancelJob(job.id)} />
        ))}
      </ul>
    </section>
  );
}

function JobRow({ job, onCancel }: { job: Job; onCancel(): void }) {
  const percent = Math.round(Math.min(1, Math.max(0, job.progress.fraction)) * 100);
  const active = job.state === 'queued' || job.state === 'running';
  const left = active ? formatTimeLeft(job.progress.etaSec) : null;
  return (
    <li className={`job-item job-item-${job.state}`}>
      <div className="job-line">
        <span className="job-title">{job.title}</span>
        <span className="job-state">{active ? `${percent}%` : job.state}</span>
      </div>
      {active && (
        // The export dialog owns the progressbar role for its job; this bar is decoration.
        <div className="progress progress-thin" aria-hidden="true">
          <div className="progress-fill" style={{ width: `${percent}%` }} />
        </div>
      )}
      {(left || job.error) && <p className="job-detail">{job.error ? job.error.message : left}</p>}
      {active && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onCancel} aria-label={`Stop job: ${job.title}`}>
          Stop
        </button>
      )}
    </li>
  );
}
