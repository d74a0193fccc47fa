// The editing screen: video and transport, the heatmap timeline with the ranges, edit buttons, the
// chat and detection panels, and the list of ranges beside it. A VOD project opens before its video and
// chat are here: placeholders show their downloads, and everything else already works.
import { useEffect, useState } from 'react';
import { useShortcuts } from '../keyboard/useShortcuts';
import { stopPreview } from '../player/preview';
import { formatBytes, formatDay, formatLength } from '../format';
import { appStore, useApp } from '../store';
import { getBridge } from '../bridge/getBridge';
import { persistView } from '../store/viewPersistence';
import { qualityName } from '../vod/preview';
import { ChatDownloadStatus } from './ChatDownloadStatus';
import { ChatPanel } from './ChatPanel';
import { DetectPanel } from './DetectPanel';
import { EditToolbar } from './EditToolbar';
import { ExportDialog } from './ExportDialog';
import { HeatmapTimeline } from './HeatmapTimeline';
import { HighlightList } from './HighlightList';
import { JobsPanel } from './JobsPanel';
import { Player } from './Player';
import { ShortcutsDialog } from './ShortcutsDialog';
import { VideoDownloadStatus } from './VideoDownloadStatus';
import { VodChapters } from './VodChapters';

export function Editor() {
  const project = useApp((s) => s.project);
  const heatmap = useApp((s) => s.heatmap);
  const closeProject = useApp((s) => s.closeProject);
  const setExportOpen = useApp((s) => s.setExportOpen);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  useShortcuts();
  useEffect(() => stopPreview, [project?.id]);
  const projectId = project?.id;
  useEffect(() => (projectId === undefined ? undefined : persistView(getBridge(), appStore(), projectId)), [projectId]);
  if (!project) return null;
  const twitch = project.twitch;
  const { media } = project;
  const probe = media.probe;
  const playable = !twitch || twitch.video === 'complete';

  return (
    <div className="editor">
      <header className="editor-head">
        <div className="editor-title">
          <div className="editor-title-line">
            {twitch && <span className="badge badge-twitch">Twitch</span>}
            {twitch?.live && (
              <span
                className="badge badge-live"
                title="The stream was still going when this VOD was opened: the project ends where the stream was then."
              >
                Opened while live
              </span>
            )}
            <h1 title={media.path}>{project.name}</h1>
          </div>
          {twitch && (
            <p className="muted small">
              {twitch.channelName} · {formatDay(twitch.createdAt)} · {qualityName(twitch.quality)}
              {twitch.video !== 'complete' ? ' · video not downloaded yet' : ''}
            </p>
          )}
          <p className="muted small">
            {formatLength(probe.durationSec)}
            {probe.video ? ` · ${probe.video.codec} ${probe.video.width}×${probe.video.height} · ${formatFps(probe.video.fps)} fps` : ''}
            {probe.video?.keyframeIntervalSec != null ? ` · keyframe every ${probe.video.keyframeIntervalSec.toFixed(1)} s` : ''}
            {probe.audio ? ` · ${probe.audio.codec} audio` : ' · no audio'}
            {probe.sizeBytes > 0 ? ` · ${formatBytes(probe.sizeBytes)}` : ''}
          </p>
        </div>
        <div className="editor-actions">
          <button type="button" className="btn btn-primary" onClick={() => setExportOpen(true)} title="Ctrl+E">
            Export…
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void closeProject()}>
            All projects
          </button>
        </div>
      </header>
      <main className="editor-main">
        <div className="editor-stage">
          <Player
            mediaId={media.id}
            durationSec={probe.durationSec}
            title={project.name}
            playable={playable}
            placeholder={<VideoDownloadStatus project={project} />}
            tools={<EditToolbar />}
            onVideo={setVideo}
          />
          <HeatmapTimeline
            video={video}
            durationSec={probe.durationSec}
            heatmap={heatmap}
            marks={twitch ? { muted: twitch.muted, clips: twitch.clips, chapters: twitch.chapters } : null}
            emptyNote={twitch && !project.chat ? <ChatDownloadStatus project={project} /> : undefined}
            projectId={project.id}
            mediaReady={playable}
          />
          <div className="editor-panels">
            <DetectPanel />
            <ChatPanel />
            {twitch && twitch.chapters.length > 0 && <VodChapters chapters={twitch.chapters} />}
          </div>
        </div>
        <aside className="editor-side">
          <HighlightList />
          <JobsPanel />
        </aside>
      </main>
      <ExportDialog />
      <ShortcutsDialog />
    </div>
  );
}

/** 29.97 stays 29.97; 30.0 shows as 30. */
function formatFps(fps: number): string {
  return Number.isInteger(Math.round(fps * 100) / 100) ? String(Math.round(fps)) : fps.toFixed(2);
}
