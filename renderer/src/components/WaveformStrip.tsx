// The audio waveform under the chat heatmap, from peaks ffmpeg computed once (the core caches them;
// the renderer never decodes audio). One canvas, drawn for the visible window only: each pixel column
// shows the loudest bin under it, so a 12-hour waveform costs one pass over the visible bins.
import { useEffect, useState } from 'react';
import type { Waveform } from '../../../preload/contract';
import { getBridge } from '../bridge/getBridge';
import { useCanvasLayer } from '../timeline/canvasLayer';
import { viewStore, visibleSeconds } from '../timeline/viewStore';

const HEIGHT = 30;

export function WaveformStrip({ projectId, durationSec }: { projectId: number; durationSec: number }) {
  const [waveform, setWaveform] = useState<Waveform | null>(null);

  useEffect(() => {
    let live = true;
    const bridge = getBridge();
    const load = () =>
      bridge.getWaveform({ projectId }).then(
        (w) => live && w && setWaveform(w),
        () => undefined,
      );
    void load();
    const off = bridge.on('waveform', (e) => {
      if (e.projectId === projectId) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [projectId]);

  const canvasRef = useCanvasLayer(
    HEIGHT,
    !!waveform && waveform.peaks.length > 0 && durationSec > 0,
    (ctx, width) => {
      if (!waveform) return;
      const view = viewStore.getState();
      const visible = visibleSeconds(view, durationSec);
      const { peaks, binSec } = waveform;
      const mid = HEIGHT / 2;
      ctx.fillStyle = '#5f7fb8';
      for (let px = 0; px < width; px++) {
        const from = Math.floor((view.scrollSec + (px / width) * visible) / binSec);
        const to = Math.max(from + 1, Math.floor((view.scrollSec + ((px + 1) / width) * visible) / binSec));
        let peak = 0;
        for (let b = from; b < to && b < peaks.length; b++) peak = Math.max(peak, peaks[b] ?? 0);
        const h = Math.max(0.5, peak * (HEIGHT - 2));
        ctx.fillRect(px, mid - h / 2, 1, h);
      }
    },
    (redraw) => [
      viewStore.subscribe((now, before) => {
        if (now.scrollSec !== before.scrollSec || now.visibleSec !== before.visibleSec || now.zoom !== before.zoom) redraw();
      }),
    ],
    [waveform, durationSec],
  );

  if (!waveform || waveform.peaks.length === 0) return null;
  return (
    <div className="waveform-strip" role="img" aria-label="Audio waveform">
      <canvas ref={canvasRef} style={{ height: HEIGHT }} />
    </div>
  );
}
