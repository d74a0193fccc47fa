// Keyboard steps for a boundary handle, following the ARIA slider pattern: arrows ±1 s (Shift: ±0.1 s),
// Page Up/Down ±10 s, Home/End to the bounds.
import type { Bounds } from './limits';

export interface KeyInput {
  key: string;
  shiftKey: boolean;
}

/** The value a key asks for (not yet clamped), or null when the key is not a slider key. */
export function keyTarget({ key, shiftKey }: KeyInput, value: number, bounds: Bounds): number | null {
  const step = shiftKey ? 0.1 : 1;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return value - step;
    case 'ArrowRight':
    case 'ArrowUp':
      return value + step;
    case 'PageUp':
      return value + 10;
    case 'PageDown':
      return value - 10;
    case 'Home':
      return bounds.min;
    case 'End':
      return bounds.max;
    default:
      return null;
  }
}
