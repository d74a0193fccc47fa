// When the core changes a project's ranges (proposals made once a VOD's chat is in, a detection in
// another window) while the user has edits it has not confirmed yet, neither side may simply win: the
// user's edits must survive and the core's new proposals should still appear. A three-way merge does it.
import type { Highlight } from '../../../preload/contract';
import { sortByStart } from './limits';

function sameRange(a: Highlight, b: Highlight): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.origin === b.origin &&
    a.edited === b.edited &&
    a.score === b.score &&
    (a.label ?? '') === (b.label ?? '')
  );
}

function overlaps(a: Highlight, b: Highlight): boolean {
  return a.start < b.end && b.start < a.end;
}

/** True when both lists hold the same ranges (order aside). */
export function sameRanges(a: readonly Highlight[], b: readonly Highlight[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((h) => [h.id, h]));
  return a.every((h) => {
    const other = byId.get(h.id);
    return other !== undefined && sameRange(h, other);
  });
}

/**
 * `base`: what the core last confirmed; `local`: what the user sees (with unconfirmed edits);
 * `remote`: what the core holds now. Ranges the user added or changed are kept exactly. A range the
 * user left alone follows the core (changed, or gone when the core removed it). Ranges only the core
 * has are added where they overlap nothing the user owns. Without local edits the result is `remote`.
 */
export function mergeRanges(base: readonly Highlight[], local: readonly Highlight[], remote: readonly Highlight[]): Highlight[] {
  const baseById = new Map(base.map((h) => [h.id, h]));
  const remoteById = new Map(remote.map((h) => [h.id, h]));
  const owned: Highlight[] = [];
  const candidates: Highlight[] = [];
  for (const h of local) {
    const before = baseById.get(h.id);
    if (!before || !sameRange(before, h)) owned.push(h);
    else {
      const now = remoteById.get(h.id);
      if (now) candidates.push(now);
    }
  }
  const localIds = new Set(local.map((h) => h.id));
  for (const h of remote) if (!baseById.has(h.id) && !localIds.has(h.id)) candidates.push(h);

  const result = [...owned];
  for (const h of sortByStart(candidates)) {
    if (!result.some((r) => overlaps(r, h))) result.push(h);
  }
  return sortByStart(result);
}
