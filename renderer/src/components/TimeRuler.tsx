// The time labels under the timeline, drawn on one canvas for the visible window only, with a spacing
// chosen for the seconds on screen — readable at every zoom. (wavesurfer's Timeline plugin builds a
// notch for every tick of the whole duration on each redraw, and its spacing is fixed at creation.)
import { formatTime } from '../format';
import { useCanvasLayer } from '../timeline/canvasLayer';
import { tickSpacing } from '../timeline/ticks';
import { viewStore, visibleSeconds } from '../timeline/viewStore';

const HEIGHT = 18;

export function TimeRuler({ durationSec }: { durationSec: number }) {
  const canvasRef = useCanvasLayer(
    HEIGHT,
    durationSec > 0,
    (ctx, width) => {
      const view = viewStore.getState();
      const visible = visibleSeconds(view, durationSec);
      const start = view.scrollSec;
      const { labelSec, tickSec } = tickSpacing(visible, Math.max(2, Math.floor(width / 90)));
      const x = (t: number) => ((t - start) / visible) * width;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      const precision = labelSec < 1 ? 1 : 0;
      for (let t = Math.floor(start / tickSec) * tickSec; t <= start + visible + tickSec; t += tickSec) {
        if (t < 0 || t > durationSec) continue;
        const px = Math.round(x(t)) + 0.5;
        const labelled = Math.abs(t / labelSec - Math.round(t / labelSec)) < 1e-6;
        ctx.fillStyle = labelled ? '#8d96aa' : '#4a5366';
        ctx.fillRect(px, 0, 1, labelled ? 7 : 4);
        if (labelled) ctx.fillText(formatTime(t, precision), px + 3, 5);
      }
    },
    (redraw) => [viewStore.subscribe(redraw)],
    [durationSec],
  );

  return <canvas ref={canvasRef} className="time-ruler" aria-hidden="true" style={{ height: HEIGHT }} />;
}
