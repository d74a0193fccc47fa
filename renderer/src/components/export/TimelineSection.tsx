// "Timeline for another editor": the ranges, in reel order and named by their labels, as a project file
// for Final Cut, Resolve, Premiere, Shotcut or Kdenlive — nothing is rendered. The file goes beside the
// export path, with the format's own extension.
import { useId, useState } from 'react';
import type { TimelineFormatName } from '../../../../preload/contract';
import { useApp } from '../../store';

export const TIMELINE_FORMATS: Record<TimelineFormatName, { label: string; ext: string }> = {
  fcpxml: { label: 'FCPXML 1.10 (Final Cut Pro, DaVinci Resolve)', ext: '.fcpxml' },
  xmeml: { label: 'FCP 7 XML (Premiere Pro, DaVinci Resolve)', ext: '.xml' },
  edl: { label: 'CMX 3600 EDL', ext: '.edl' },
  otio: { label: 'OpenTimelineIO', ext: '.otio' },
  mlt: { label: 'MLT XML (Shotcut)', ext: '.mlt' },
  kdenlive: { label: 'Kdenlive project', ext: '.kdenlive' },
};

/** reel.mp4 → reel.fcpxml (any extension replaced; none added to). */
export function timelinePath(exportPath: string, format: TimelineFormatName): string {
  const path = exportPath.trim();
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dot = path.lastIndexOf('.');
  const stem = dot > slash + 1 ? path.slice(0, dot) : path;
  return `${stem}${TIMELINE_FORMATS[format].ext}`;
}

export function TimelineSection({ exportPath, format, onFormat }: { exportPath: string; format: TimelineFormatName; onFormat(f: TimelineFormatName): void }) {
  const exportTimeline = useApp((s) => s.exportTimeline);
  const count = useApp((s) => s.highlights.length);
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formatId = useId();
  const target = exportPath.trim() ? timelinePath(exportPath, format) : '';

  async function save() {
    if (!target || busy) return;
    setBusy(true);
    setWritten(null);
    try {
      setWritten(await exportTimeline(format, target));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="timeline-export" aria-label="Timeline for another editor">
      <h3>Timeline for another editor</h3>
      <div className="field field-inline">
        <label htmlFor={formatId}>Timeline format</label>
        <select id={formatId} className="input" value={format} onChange={(e) => onFormat(e.target.value as TimelineFormatName)}>
          {(Object.keys(TIMELINE_FORMATS) as TimelineFormatName[]).map((f) => (
            <option key={f} value={f}>
              {TIMELINE_FORMATS[f].label}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={!target || busy || count === 0} onClick={() => void save()}>
          Save timeline
        </button>
      </div>
      <p className="field-hint">
        {written ? (
          <span role="status">
            Timeline written: <span className="path">{written}</span>
          </span>
        ) : (
          <>Nothing is rendered: the editor opens the original video at each range. {target && <>Writes {target.split(/[\\/]/).pop()}.</>}</>
        )}
      </p>
    </section>
  );
}
