// wavesurfer's renderFunction for the chat heatmap: a filled area rising from the bottom (not an audio
// waveform mirrored around the middle), cool where chat is quiet and hot where it erupts. wavesurfer
// calls it once per canvas slice, then tints a copy with the progress colour for the played part.

export function drawHeatmap(channels: Array<Float32Array | number[]>, ctx: CanvasRenderingContext2D): void {
  const values = channels[0];
  const { width, height } = ctx.canvas;
  if (!values || values.length === 0 || width === 0 || height === 0) return;
  const top = height * 0.06;
  const usable = height - top;
  const step = width / values.length;
  const y = (v: number) => height - Math.max(0, Math.min(1, v)) * usable;

  const gradient = ctx.createLinearGradient(0, top, 0, height);
  gradient.addColorStop(0, '#ff6b3d');
  gradient.addColorStop(0.45, '#e0a23a');
  gradient.addColorStop(1, '#3b4a6e');

  ctx.beginPath();
  ctx.moveTo(0, height);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? 0;
    // Each value is one flat step, so a short burst keeps its true width.
    ctx.lineTo(i * step, y(v));
    ctx.lineTo((i + 1) * step, y(v));
  }
  ctx.lineTo(width, height);
  ctx.closePath();
  ctx.fillStyle = gradient;
  ctx.globalAlpha = 0.85;
  ctx.fill();
  ctx.globalAlpha = 1;

  // A thin baseline so an empty stretch still reads as "no chat here", not as missing data.
  ctx.fillStyle = '#3b4a6e';
  ctx.fillRect(0, height - Math.max(1, height * 0.012), width, Math.max(1, height * 0.012));
}
