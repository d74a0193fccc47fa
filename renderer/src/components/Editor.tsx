// The editing screen: video and transport, the heatmap timeline with the ranges, edit buttons, the
// chat and detection panels, and the list of ranges beside it.
import { useState } from 'react';
import { formatBytes, formatLength } from '../format';
import { useApp } from '../store';
import { ChatPanel } from './ChatPanel';
import { DetectPanel } from './DetectPanel';
import { EditToolbar } from './EditToolbar';
import { ExportDialog } from './ExportDialog';
import { HeatmapTimeline } from './HeatmapTimeline';
import { HighlightList } from './HighlightList';
import { JobsPanel } from './JobsPanel';
import { Player } from './Player';

export function Editor() {
  const project = useApp((s) => s.project);
  const heatmap = useApp((s) => s.heatmap);
  const closeProject = useApp((s) => s.closeProject);
  const setExportOpen = useApp((s) => s.setExportOpen);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  if (!project) return null;
  const { media } = project;
  const probe = media.probe;

  return (
    <div className="editor">
      <header className="editor-head">
        <div className="editor-title">
          <h1 title={media.path}>{project.name}</h1>
          <p className="muted small">
            {formatLength(probe.durationSec)}
            {probe.video ? ` · ${probe.video.codec} ${probe.video.width}×${probe.video.height} · ${formatFps(probe.video.fps)} fps` : ''}
            {probe.video?.keyframeIntervalSec != null ? ` · keyframe every ${probe.video.keyframeIntervalSec.toFixed(1)} s` : ''}
            {probe.audio ? ` · ${probe.audio.codec} audio` : ' · no audio'}
            {` · ${formatBytes(probe.sizeBytes)}`}
          </p>
        </div>
        <div className="editor-actions">
          <button type="button" className="btn btn-primary" onClick={() => setExportOpen(true)}>
            Export…
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void closeProject()}>
            All projects
          </button>
        </div>
      </header>
      <main className="editor-main">
        <div className="editor-stage">
          <Player mediaId={media.id} durationSec={probe.durationSec} title={project.name} onVideo={setVideo} />
          <EditToolbar />
          <HeatmapTimeline video={video} durationSec={probe.durationSec} heatmap={heatmap} />
          <div className="editor-panels">
            <DetectPanel />
            <ChatPanel />
          </div>
        </div>
        <aside className="editor-side">
          <HighlightList />
          <JobsPanel />
        </aside>
      </main>
      <ExportDialog />
    </div>
  );
}

/** 29.97 stays 29.97; 30.0 shows as 30. */
function formatFps(fps: number): string {
  return Number.isInteger(Math.round(fps * 100) / 100) ? String(Math.round(fps)) : fps.toFixed(2);
}
