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
            {probe.video ? ` · ${probe.video.width}×${probe.video.height} · ${probe.video.fps.toFixed(0)} fps` : ''}
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
