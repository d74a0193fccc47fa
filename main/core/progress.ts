// Progress as long operations report it; the job queue adds ETA and persistence on top.
export interface Progress {
  /** 0…1 */
  fraction: number;
  /** Short human text, e.g. "range 3 of 10" or "120,000 messages". */
  detail?: string | null;
  /** Seconds left when the operation can tell better than the queue's linear estimate. */
  etaSec?: number | null;
}
export type ProgressFn = (progress: Progress) => void;
