// The ranges' numbers ("highlight N", by reel order) over the timeline, drawn on one canvas for the
// visible window; a range being dragged takes its number along.
import { reelNumbers } from '../ranges/reelOrder';
import { appStore } from '../store';
import { useCanvasLayer } from '../timeline/canvasLayer';
import { dragPreview } from '../timeline/dragPreview';
import { viewStore, visibleSeconds } from '../timeline/viewStore';

const HEIGHT = 22;

export function RangeLabels({ durationSec }: { durationSec: number }) {
  const canvasRef = useCanvasLayer(
    HEIGHT,
    durationSec > 0,
    (ctx, width) => {
      const view = viewStore.getState();
      const visible = visibleSeconds(view, durationSec);
      const { highlights, order } = appStore().getState();
      const numbers = reelNumbers(order);
      const live = dragPreview.getState();
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      let lastRight = -Infinity;
      for (const h of highlights) {
        const start = live?.id === h.id ? live.start : h.start;
        const x = ((start - view.scrollSec) / visible) * width + 8;
        if (x > width || x < -30) continue;
        const text = String(numbers.get(h.id) ?? '');
        const w = ctx.measureText(text).width + 10;
        // Labels never overlap: one that would is left out (its range is a pixel or two wide here).
        if (x < lastRight + 2) continue;
        lastRight = x + w;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.beginPath();
        ctx.roundRect(x, 3, w, 16, 3);
        ctx.fill();
        ctx.fillStyle = '#0d1017';
        ctx.fillText(text, x + 5, 11.5);
      }
    },
    (redraw) => [
      viewStore.subscribe(redraw),
      dragPreview.subscribe(redraw),
      appStore().subscribe((now, before) => {
        if (now.highlights !== before.highlights || now.order !== before.order) redraw();
      }),
    ],
    [durationSec],
  );

  return <canvas ref={canvasRef} className="range-labels" aria-hidden="true" style={{ height: HEIGHT }} />;
}
