// Parses the CLI's --labels "a,b,…": one label per range, in the order of --ranges. A comma inside a
// label is written `\,`; any other backslash is kept as is. Each entry is made one line and trimmed,
// like the app stores labels, and an empty entry means that range has no label (it gets the default
// name). Pure, so every odd input has a test; the export and timeline commands share it.
import { AppError } from '../core/errors';

/** As long as a label the app stores (HighlightSchema.label). */
export const MAX_LABEL_LENGTH = 200;

// eslint-disable-next-line no-control-regex
const oneLine = (text: string): string => text.replace(/[\s\u0000-\u001F\u007F]+/g, ' ').trim();

/** The entries in order; '' for an empty one. */
export function parseLabels(text: string): string[] {
  const labels: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      labels.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  labels.push(current);
  return labels.map((raw, i) => {
    const label = oneLine(raw);
    if (label.length > MAX_LABEL_LENGTH) {
      throw new AppError('BAD_ARGUMENTS', `Label ${i + 1} is longer than ${MAX_LABEL_LENGTH} characters.`);
    }
    return label;
  });
}

/** parseLabels, checked against the number of ranges they name. */
export function parseLabelsFor(text: string, rangeCount: number): string[] {
  const labels = parseLabels(text);
  if (labels.length !== rangeCount) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `--labels has ${labels.length} label${labels.length === 1 ? '' : 's'} but --ranges has ${rangeCount} range${rangeCount === 1 ? '' : 's'}: give one label per range, in the same order (an empty one for none; \\, for a comma inside a label).`,
    );
  }
  return labels;
}
