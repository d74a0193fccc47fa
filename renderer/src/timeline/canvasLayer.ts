import { useEffect, useRef, type DependencyList } from 'react';

// One canvas layer of the timeline (time ruler, overview, waveform): sized to its element at the
// screen's pixel ratio, redrawn at most once per animation frame when something it shows changes or
// when it is resized. Returns the stop function.
export function bindCanvasLayer(
  canvas: HTMLCanvasElement,
  heightPx: number,
  draw: (ctx: CanvasRenderingContext2D, widthPx: number) => void,
  /** Calls `redraw` whenever what the layer shows changes; returns its unsubscribe. */
  follow: (redraw: () => void) => Array<() => void>,
): () => void {
  let frame = 0;
  const paint = () => {
    frame = 0;
    const width = canvas.clientWidth;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(heightPx * ratio)) canvas.height = Math.round(heightPx * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx || width === 0) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, heightPx);
    draw(ctx, width);
  };
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(paint);
  };
  redraw();
  const offs = follow(redraw);
  const resize = new ResizeObserver(redraw);
  resize.observe(canvas);
  return () => {
    cancelAnimationFrame(frame);
    offs.forEach((off) => off());
    resize.disconnect();
  };
}

/** A component's canvas layer, bound while `enabled` and bound again when `deps` change. */
export function useCanvasLayer(
  heightPx: number,
  enabled: boolean,
  draw: (ctx: CanvasRenderingContext2D, widthPx: number) => void,
  follow: (redraw: () => void) => Array<() => void>,
  deps: DependencyList,
) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !enabled) return;
    return bindCanvasLayer(canvas, heightPx, draw, follow);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the drawing depends on
  }, [enabled, heightPx, ...deps]);
  return canvasRef;
}
