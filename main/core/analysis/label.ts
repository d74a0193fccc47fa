// A range's label is one line of the user's text: shown in lists and, later, in file names and titles.
// Line breaks, tabs and other control characters would break those, so they become spaces.

/** C0/C1 controls (newline, tab, DEL, …) and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;

/** The label as stored: control characters as single spaces, trimmed. */
export function cleanLabel(label: string): string {
  return label.replace(CONTROL, ' ').trim();
}
