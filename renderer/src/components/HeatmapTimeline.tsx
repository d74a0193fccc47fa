// The chat heatmap across the whole video, drawn by wavesurfer from precomputed peaks (it never decodes
// audio) and bound to the editor's <video>: the cursor is the playhead, a click or a scrub seeks. The
// ranges are wavesurfer Regions kept in step with the store by bindRegions.
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/plugins/regions';
import TimelinePlugin from 'wavesurfer.js/plugins/timeline';
import type { Heatmap } from '../../../preload/contract';
import { formatTime } from '../format';
import { actions, appStore } from '../store';
import { drawHeatmap } from '../timeline/drawHeatmap';
import { heatmapPeaks } from '../timeline/peaks';
import { bindRegions } from '../timeline/regionSync';
import { tickSpacing } from '../timeline/ticks';

interface HeatmapTimelineProps {
  video: HTMLVideoElement | null;
  durationSec: number;
  heatmap: Heatmap | null;
}

const HEIGHT = 120;
const MAX_ZOOM = 40;

export function HeatmapTimeline({ video, durationSec, heatmap }: HeatmapTimelineProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // The instance that has drawn its peaks; zoom needs that (an instance still loading throws).
  const [readyWs, setReadyWs] = useState<WaveSurfer | null>(null);
  const liveWs = useRef<WaveSurfer | null>(null);
  const [zoom, setZoom] = useState(1);

  useEffect(() => {
    const container = containerRef.current;
    if (!video || !container || !(durationSec > 0)) return;
    const regions = RegionsPlugin.create();
    const { labelSec, tickSec } = tickSpacing(durationSec);
    const timeline = TimelinePlugin.create({
      height: 18,
      timeInterval: tickSec,
      primaryLabelInterval: labelSec,
      secondaryLabelInterval: labelSec,
      formatTimeCallback: (sec: number) => formatTime(sec, 0),
      style: { color: '#8d96aa', fontSize: '11px' },
    });
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
      plugins: [regions, timeline],
    });
    liveWs.current = ws;

    let unsubscribe: (() => void) | null = null;
    let sync: ReturnType<typeof bindRegions> | null = null;
    // Regions need the duration: a region added before 'ready' collapses to 0 s.
    const offReady = ws.on('ready', () => {
      setReadyWs(ws);
      if (sync) return;
      sync = bindRegions({
        regions,
        limits: () => actions().limits(),
        highlights: () => appStore().getState().highlights,
        commit: (next, selectId) => actions().commit(next, selectId),
        select: (id) => actions().select(id),
      });
      const state = appStore().getState();
      sync.render(state.highlights, state.selectedId);
      unsubscribe = appStore().subscribe((now, before) => {
        if (now.highlights !== before.highlights || now.selectedId !== before.selectedId) {
          sync?.render(now.highlights, now.selectedId);
        }
      });
    });

    return () => {
      offReady();
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
    // Zoom 1 fills the width; higher values are that many times wider (scrollable).
    readyWs.zoom(zoom <= 1 ? 0 : (zoom * container.clientWidth) / durationSec);
  }, [zoom, readyWs, durationSec]);

  return (
    <section className="timeline" aria-label="Chat heatmap timeline">
      <div className="timeline-head">
        <h2 className="section-title">Chat heatmap</h2>
        <label className="zoom">
          <span>Zoom</span>
          <input
            type="range"
            min={1}
            max={MAX_ZOOM}
            step={1}
            value={zoom}
            aria-label="Timeline zoom"
            aria-valuetext={`${zoom}×`}
            onChange={(e) => setZoom(Number(e.target.value))}
          />
        </label>
      </div>
      <div className="timeline-body">
        <div ref={containerRef} className="timeline-waves" data-testid="timeline" />
        {!heatmap && (
          <p className="timeline-empty">
            No chat yet. <strong>Attach chat</strong> below to see where it erupts and get proposed highlights.
          </p>
        )}
      </div>
    </section>
  );
}
