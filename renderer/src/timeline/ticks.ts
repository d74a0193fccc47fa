// Spacing of the time labels under the timeline: a round interval giving at most `maxLabels` labels.
const NICE_INTERVALS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];

export interface TickSpacing {
  /** Seconds between labelled ticks. */
  labelSec: number;
  /** Seconds between small unlabelled ticks. */
  tickSec: number;
}

export function tickSpacing(durationSec: number, maxLabels = 12): TickSpacing {
  const target = durationSec > 0 ? durationSec / Math.max(1, maxLabels) : 1;
  const labelSec = NICE_INTERVALS.find((s) => s >= target) ?? NICE_INTERVALS[NICE_INTERVALS.length - 1]!;
  // Fifths of 5, 10, 15 … (and of 0.5), halves of 1, 2 (and of 0.1, 0.2).
  const fifths = labelSec >= 1 ? labelSec % 5 === 0 : Math.round(labelSec * 10) % 5 === 0;
  const tickSec = fifths ? labelSec / 5 : labelSec / 2;
  return { labelSec, tickSec };
}
