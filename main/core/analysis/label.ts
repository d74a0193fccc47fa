// A range's label is one line of the user's text: shown in lists and, later, in file names and titles.
// Line breaks, tabs and other control characters would break those, so they become spaces.

/** C0/C1 controls (newline, tab, DEL, …) and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;

/** The label as stored: control characters as single spaces, trimmed. */
export function cleanLabel(label: string): string {
  return label.replace(CONTROL, ' ').trim();
}

/**
 * A detector tag as the user reads it ('clip-it' → 'clip it'), as the renderer shows it: for chapter
 * titles and side files, which name a range by its tags when it has no label.
 */
export function tagLabel(tag: string): string {
  return Array.from(cleanLabel(tag.replace(/[-_]+/g, ' ')).replace(/\s+/g, ' '))
    .slice(0, 32)
    .join('')
    .trim();
}
