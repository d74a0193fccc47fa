// "Timeline overview": the whole video in one strip — the heat, every range, the playhead and the
// window the zoomed timeline shows. Click or drag it to move that window; with the keyboard it is a
// slider (arrows move the window by a tenth of its width, Page Up/Down by a whole one).
import { useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { Heatmap } from '../../../preload/contract';
import { formatTime } from '../format';
import { playbackStore } from '../player/playback';
import { appStore } from '../store';
import { bindCanvasLayer } from '../timeline/canvasLayer';
import { heatmapPeaks } from '../timeline/peaks';
import { scrollTo, useTimelineView, viewStore, visibleSeconds } from '../timeline/viewStore';

const HEIGHT = 28;

interface Props {
  durationSec: number;
  heatmap: Heatmap | null;
}

export function TimelineOverview({ durationSec, heatmap }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ grabSec: number } | null>(null);
  const zoom = useTimelineView((v) => v.zoom);
  const scrollSec = useTimelineView((v) => v.scrollSec);
  const visibleSec = useTimelineView((v) => visibleSeconds(v, durationSec));

  // Redrawn when the heat, the ranges, the view or the playhead (a tenth of a pixel is no change) move.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !(durationSec > 0)) return;
    let lastPx = -1;
    return bindCanvasLayer(
      canvas,
      HEIGHT,
      (ctx, width) => {
        const x = (sec: number) => (sec / durationSec) * width;
        const peaks = heatmapPeaks(heatmap, durationSec, Math.max(2, Math.round(width)));
        ctx.fillStyle = '#4b5a7d';
        const step = width / peaks.length;
        peaks.forEach((v, i) => {
          const h = Math.max(0, v) * (HEIGHT - 6);
          ctx.fillRect(i * step, HEIGHT - h, Math.max(1, step), h);
        });
        const { highlights, selectedId } = appStore().getState();
        for (const h of highlights) {
          ctx.fillStyle = h.id === selectedId ? 'rgba(255,255,255,0.75)' : h.origin === 'auto' ? 'rgba(245,166,35,0.8)' : 'rgba(80,190,255,0.8)';
          ctx.fillRect(x(h.start), 0, Math.max(2, x(h.end) - x(h.start)), 5);
        }
        const view = viewStore.getState();
        const visible = visibleSeconds(view, durationSec);
        if (visible < durationSec - 1e-6) {
          ctx.fillStyle = 'rgba(111,149,255,0.18)';
          ctx.strokeStyle = 'rgba(138,169,255,0.9)';
          ctx.lineWidth = 1;
          const left = x(view.scrollSec);
          const w = Math.max(3, x(visible));
          ctx.fillRect(left, 0, w, HEIGHT);
          ctx.strokeRect(left + 0.5, 0.5, w - 1, HEIGHT - 1);
        }
        ctx.fillStyle = '#ffd34d';
        ctx.fillRect(Math.round(x(playbackStore.getState().currentTime)), 0, 2, HEIGHT);
      },
      (redraw) => [
        appStore().subscribe((now, before) => {
          if (now.highlights !== before.highlights || now.selectedId !== before.selectedId) redraw();
        }),
        viewStore.subscribe(redraw),
        // The playhead: redrawn only when it moves to another pixel.
        playbackStore.subscribe(({ currentTime }) => {
          const px = Math.round((currentTime / durationSec) * canvas.clientWidth);
          if (px !== lastPx) {
            lastPx = px;
            redraw();
          }
        }),
      ],
    );
  }, [durationSec, heatmap]);

  function timeAt(event: PointerEvent<HTMLElement>): number {
    const rect = event.currentTarget.getBoundingClientRect();
    return ((event.clientX - rect.left) / Math.max(1, rect.width)) * durationSec;
  }

  function moveTo(startSec: number) {
    scrollTo(Math.max(0, Math.min(durationSec - visibleSec, startSec)));
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    const t = timeAt(event);
    // Grabbing the window keeps the point grabbed under the pointer; elsewhere the window centres there.
    const inside = t >= scrollSec && t <= scrollSec + visibleSec;
    drag.current = { grabSec: inside ? t - scrollSec : visibleSec / 2 };
    event.currentTarget.setPointerCapture(event.pointerId);
    moveTo(t - drag.current.grabSec);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (drag.current) moveTo(timeAt(event) - drag.current.grabSec);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const small = visibleSec / 10;
    const moves: Record<string, number> = { ArrowLeft: -small, ArrowRight: small, PageUp: -visibleSec, PageDown: visibleSec };
    if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(durationSec);
    else if (event.key in moves) moveTo(scrollSec + moves[event.key]!);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  const maxStart = Math.max(0, durationSec - visibleSec);
  return (
    <div
      className={zoom > 1 ? 'timeline-overview zoomed' : 'timeline-overview'}
      role="slider"
      tabIndex={0}
      aria-label="Timeline overview"
      aria-valuemin={0}
      aria-valuemax={Math.round(maxStart * 10) / 10}
      aria-valuenow={Math.round(scrollSec * 10) / 10}
      aria-valuetext={`Showing ${formatTime(scrollSec, 0)} to ${formatTime(Math.min(durationSec, scrollSec + visibleSec), 0)} of ${formatTime(durationSec, 0)}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onKeyDown={onKeyDown}
    >
      <canvas ref={canvasRef} className="timeline-overview-canvas" style={{ height: HEIGHT }} />
    </div>
  );
}
