// Formats that stamp messages with wall-clock time (UTC text logs, IRC tmi-sent-ts) do not say when
// the video started. Until the caller can tell us, the first message is taken as the video start:
// a recording usually starts with the stream, and an offset error is one constant shift.

/** Converts absolute times (ms) to seconds from the first time it was given. */
export function firstMessageClock(): (ms: number) => number {
  let startMs = Number.NaN;
  return (ms) => {
    if (!Number.isFinite(ms)) return Number.NaN;
    if (Number.isNaN(startMs)) startMs = ms;
    return (ms - startMs) / 1000;
  };
}
