// The chat heatmap across the whole video (for a video without chat, the core sends its audio loudness
// instead, and the labels say so), drawn by wavesurfer from precomputed peaks (it never decodes
// audio) and bound to the editor's <video>: the cursor is the playhead, a click or a scrub seeks. The
// ranges are wavesurfer Regions kept in step with the store by bindRegions; a VOD's muted stretches and
// clips are drawn by bindVodMarkers.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/plugins/regions';
import type { Heatmap, TimeSpan, VodChapter, VodClip } from '../../../preload/contract';
import { TimelineOverview } from './TimelineOverview';
import { TimeRuler } from './TimeRuler';
import { RangeLabels } from './RangeLabels';
import { HeatmapTooltip } from './HeatmapTooltip';
import { ThumbnailStrip } from './ThumbnailStrip';
import { WaveformStrip } from './WaveformStrip';
import { currentTime, hasSource, playbackStore, seek } from '../player/playback';
import { reelNumbers } from '../ranges/reelOrder';
import { actions, appStore } from '../store';
import { drawHeatmap } from '../timeline/drawHeatmap';
import { heatmapPeaks } from '../timeline/peaks';
import { bindRegions } from '../timeline/regionSync';
import { MAX_ZOOM, setZoom, useTimelineView, viewStore } from '../timeline/viewStore';
import { bindVodMarkers, CHAPTER_COLOR, MUTED_BACKGROUND } from '../timeline/vodMarkers';

/** A VOD's facts drawn on the timeline. */
export interface VodMarks {
  muted: TimeSpan[];
  clips: VodClip[];
  chapters: VodChapter[];
}

interface HeatmapTimelineProps {
  video: HTMLVideoElement | null;
  durationSec: number;
  heatmap: Heatmap | null;
  marks?: VodMarks | null;
  /** Shown instead of the "no chat yet" note while there is no heatmap (a VOD's chat download). */
  emptyNote?: ReactNode;
  /** The project whose waveform, thumbnails and chat the timeline shows; null draws the heat alone. */
  projectId?: number | null;
  /** False while a VOD's video is not downloaded: no thumbnails or waveform to make yet. */
  mediaReady?: boolean;
}

const HEIGHT = 100;

export function HeatmapTimeline({ video, durationSec, heatmap, marks = null, emptyNote, projectId = null, mediaReady = true }: HeatmapTimelineProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // The instance that has drawn its peaks; zoom needs that (an instance still loading throws).
  const [readyWs, setReadyWs] = useState<WaveSurfer | null>(null);
  const liveWs = useRef<WaveSurfer | null>(null);
  const zoom = useTimelineView((v) => v.zoom);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [bodyWidth, setBodyWidth] = useState(0);
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const resize = new ResizeObserver(() => setBodyWidth(body.clientWidth));
    resize.observe(body);
    return () => resize.disconnect();
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    if (!video || !container || !(durationSec > 0)) return;
    const regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container,
      media: video,
      peaks: [heatmapPeaks(heatmap, durationSec)],
      duration: durationSec,
      height: HEIGHT,
      waveColor: '#4b5a7d',
      // The played part keeps the heat colours, only lighter, so it stays readable behind the playhead.
      progressColor: ['#ffb08c', '#ffd47e', '#a6b8e6'],
      cursorColor: '#ffd34d',
      cursorWidth: 2,
      renderFunction: drawHeatmap,
      normalize: false,
      interact: true,
      dragToSeek: { debounceTime: 60 },
      autoScroll: true,
      autoCenter: false,
      hideScrollbar: false,
      plugins: [regions],
    });
    liveWs.current = ws;

    let unsubscribe: (() => void) | null = null;
    let sync: ReturnType<typeof bindRegions> | null = null;
    // Without a source the video keeps no time: the playback clock and wavesurfer follow each other.
    const offClock = hasSource(video) ? () => undefined : followClock(ws);
    // Regions need the duration: a region added before 'ready' collapses to 0 s.
    const offReady = ws.on('ready', () => {
      setReadyWs(ws);
      if (sync) return;
      sync = bindRegions({
        regions,
        limits: () => actions().limits(),
        highlights: () => appStore().getState().highlights,
        numbers: () => reelNumbers(appStore().getState().order),
        commit: (next, selectId, intent) => actions().commit(next, selectId, intent),
        select: (id) => actions().select(id),
      });
      const state = appStore().getState();
      sync.render(state.highlights, state.selectedId);
      unsubscribe = appStore().subscribe((now, before) => {
        if (now.highlights !== before.highlights || now.selectedId !== before.selectedId || now.order !== before.order) {
          sync?.render(now.highlights, now.selectedId);
        }
      });
    });

    return () => {
      offReady();
      offClock();
      unsubscribe?.();
      sync?.destroy();
      ws.destroy();
      if (liveWs.current === ws) liveWs.current = null;
      setReadyWs((current) => (current === ws ? null : current));
    };
  }, [video, durationSec, heatmap]);

  useEffect(() => {
    const container = containerRef.current;
    // A stale instance (replaced in this same commit) must not be touched.
    if (!readyWs || readyWs !== liveWs.current || !container || !readyWs.getDecodedData()) return;
    const width = container.clientWidth;
    const before = viewStore.getState();
    const anchor = before.anchor?.timeSec ?? null;
    // Where the anchor is on screen now (0..1 of the width), to put it back there after the zoom.
    const fraction = anchor !== null && before.visibleSec > 0 ? (anchor - before.scrollSec) / before.visibleSec : 0.5;
    // Zoom 1 fills the width; higher values are that many times wider (scrollable).
    readyWs.zoom(zoom <= 1 ? 0 : (zoom * width) / durationSec);
    const visibleSec = durationSec / Math.max(1, zoom);
    const start = anchor === null ? before.scrollSec : anchor - Math.min(1, Math.max(0, fraction)) * visibleSec;
    const scrollSec = Math.max(0, Math.min(durationSec - visibleSec, start));
    readyWs.setScroll((scrollSec / durationSec) * readyWs.getWrapper().scrollWidth);
    viewStore.setState({ scrollSec, visibleSec, anchor: null });
  }, [zoom, readyWs, durationSec]);

  // The visible window as wavesurfer scrolls (the overview strip draws it); a scroll asked for elsewhere moves it.
  useEffect(() => {
    if (!readyWs || readyWs !== liveWs.current) return;
    const offScroll = readyWs.on('scroll', (visibleStart, visibleEnd) => {
      const now = viewStore.getState();
      if (Math.abs(now.scrollSec - visibleStart) > 1e-3 || Math.abs(now.visibleSec - (visibleEnd - visibleStart)) > 1e-3) {
        viewStore.setState({ scrollSec: visibleStart, visibleSec: visibleEnd - visibleStart });
      }
    });
    const offView = viewStore.subscribe((now, before) => {
      if (now.scrollSec === before.scrollSec || now.zoom !== before.zoom) return;
      const wrapper = readyWs.getWrapper();
      const target = (now.scrollSec / durationSec) * wrapper.scrollWidth;
      if (Math.abs(readyWs.getScroll() - target) > 1) readyWs.setScroll(target);
    });
    return () => {
      offScroll();
      offView();
    };
  }, [readyWs, durationSec]);

  // Ctrl+wheel zooms around the pointer.
  useEffect(() => {
    const container = containerRef.current;
    if (!container || !(durationSec > 0)) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const rect = container.getBoundingClientRect();
      const view = viewStore.getState();
      const visible = view.visibleSec > 0 ? view.visibleSec : durationSec;
      const at = view.scrollSec + ((event.clientX - rect.left) / Math.max(1, rect.width)) * visible;
      setZoom(view.zoom * (event.deltaY < 0 ? 1.25 : 0.8), at);
    };
    container.addEventListener('wheel', onWheel, { passive: false });
    return () => container.removeEventListener('wheel', onWheel);
  }, [durationSec]);

  // Keyed on the content: a project reload brings equal arrays that must not rebuild (and unfocus) them.
  const marksKey = marks ? JSON.stringify(marks) : '';
  useEffect(() => {
    if (!readyWs || readyWs !== liveWs.current || !marksKey) return;
    const { muted, clips, chapters } = JSON.parse(marksKey) as VodMarks;
    return bindVodMarkers({ ws: readyWs, durationSec, heightPx: HEIGHT, muted, clips, chapters, seek });
  }, [readyWs, durationSec, marksKey]);

  const fromAudio = heatmap?.source === 'audio';
  return (
    <section className="timeline" aria-label={fromAudio ? 'Audio loudness timeline' : 'Chat heatmap timeline'}>
      <div className="timeline-head">
        <h2 className="section-title">{fromAudio ? 'Audio loudness' : 'Chat heatmap'}</h2>
        {fromAudio && <p className="timeline-source muted small">No chat: heat shows the audio's loudness</p>}
        {marks && <MarkLegend marks={marks} />}
        <label className="zoom">
          <span>Zoom</span>
          <input
            type="range"
            min={1}
            max={MAX_ZOOM}
            step={0.5}
            value={zoom}
            aria-label="Timeline zoom"
            aria-valuetext={`${zoom}×`}
            onChange={(e) => setZoom(Number(e.target.value), currentTime())}
          />
        </label>
      </div>
      <div className="timeline-body" ref={bodyRef}>
        {projectId !== null && mediaReady && durationSec > 0 && <ThumbnailStrip projectId={projectId} durationSec={durationSec} widthPx={bodyWidth} />}
        <div className="timeline-waves-wrap">
          <div ref={containerRef} className="timeline-waves" data-testid="timeline" />
          {durationSec > 0 && <RangeLabels durationSec={durationSec} />}
        </div>
        {projectId !== null && <HeatmapTooltip projectId={projectId} durationSec={durationSec} heatmap={heatmap} target={containerRef} />}
        {projectId !== null && mediaReady && durationSec > 0 && <WaveformStrip projectId={projectId} durationSec={durationSec} />}
        {durationSec > 0 && <TimeRuler durationSec={durationSec} />}
        {!heatmap &&
          (emptyNote ? (
            <div className="timeline-empty timeline-empty-live">{emptyNote}</div>
          ) : (
            <p className="timeline-empty">
              No chat yet. <strong>Attach chat</strong> below to see where it erupts and get proposed highlights.
            </p>
          ))}
      </div>
      {durationSec > 0 && <TimelineOverview durationSec={durationSec} heatmap={heatmap} />}
    </section>
  );
}

/** What the extra marks on a VOD's timeline mean. */
function MarkLegend({ marks }: { marks: VodMarks }) {
  return (
    <ul className="timeline-legend" aria-label="Timeline legend">
      <li>
        <span className="legend-swatch legend-muted" style={{ background: MUTED_BACKGROUND }} aria-hidden="true" />
        Muted by Twitch{marks.muted.length > 0 ? ` (${marks.muted.length})` : ' (none)'}
      </li>
      <li>
        <span className="legend-swatch legend-clip" aria-hidden="true" />
        Viewer clips{marks.clips.length > 0 ? ` (${marks.clips.length})` : ' (none)'}
      </li>
      {marks.chapters.length > 1 && (
        <li>
          <span className="legend-swatch" style={{ background: CHAPTER_COLOR }} aria-hidden="true" />
          Chapters ({marks.chapters.length})
        </li>
      )}
    </ul>
  );
}

/**
 * For a video without a source: a click or scrub on the heatmap sets the playback clock, and a seek
 * from elsewhere (the list, a clip marker) moves wavesurfer's cursor. Returns the unsubscribe.
 */
function followClock(ws: WaveSurfer): () => void {
  const offTime = ws.on('timeupdate', (time) => {
    if (Math.abs(time - playbackStore.getState().currentTime) > 1e-3) seek(time);
  });
  const offStore = playbackStore.subscribe(({ currentTime }) => {
    if (Math.abs(currentTime - ws.getCurrentTime()) > 1e-3) ws.setTime(currentTime);
  });
  return () => {
    offTime();
    offStore();
  };
}
