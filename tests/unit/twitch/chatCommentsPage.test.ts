import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { parseCommentsPage } from '../../../main/core/twitch/commentsPage';

/** An edge as Twitch sends it (with the __typename noise the persisted query adds). */
function edge(over: { id?: string; offset?: number; commenter?: unknown; fragments?: unknown; badges?: unknown; color?: unknown; cursor?: unknown } = {}) {
  return {
    cursor: 'cursor' in over ? over.cursor : `cur-${over.id ?? 'a'}`,
    node: {
      id: over.id ?? 'a',
      commenter: 'commenter' in over ? over.commenter : { id: '77', login: 'some_viewer', displayName: 'Some_Viewer', __typename: 'User' },
      contentOffsetSeconds: over.offset ?? 12,
      createdAt: '2024-03-01T18:00:12.345Z',
      message: {
        fragments: over.fragments ?? [{ emote: null, text: 'hello chat', __typename: 'VideoCommentMessageFragment' }],
        userBadges: 'badges' in over ? over.badges : [{ id: 'x', setID: 'subscriber', version: '12', __typename: 'Badge' }],
        userColor: 'color' in over ? over.color : '#1E90FF',
        __typename: 'VideoCommentMessage',
      },
      __typename: 'VideoComment',
    },
    __typename: 'VideoCommentEdge',
  };
}

function data(edges: unknown[], hasNextPage = true): unknown {
  return { video: { id: '1', comments: { edges, pageInfo: { hasNextPage, hasPreviousPage: false } }, __typename: 'Video' } };
}

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, message: (error as AppError).message };
  }
  throw new Error('expected an AppError');
}

describe('parseCommentsPage', () => {
  it('turns edges into comments with their cursors', () => {
    const page = parseCommentsPage(data([edge({ id: 'a', offset: 3 }), edge({ id: 'b', offset: 4 })], false));
    expect(page).toEqual({
      hasNextPage: false,
      comments: [
        {
          id: 'a',
          offsetSec: 3,
          createdAt: '2024-03-01T18:00:12.345Z',
          commenter: { id: '77', login: 'some_viewer', displayName: 'Some_Viewer' },
          fragments: [{ text: 'hello chat', emoteId: null }],
          badges: [{ setId: 'subscriber', version: '12' }],
          color: '#1E90FF',
          cursor: 'cur-a',
        },
        expect.objectContaining({ id: 'b', offsetSec: 4, cursor: 'cur-b' }),
      ],
    });
  });

  it('returns null for a null comments page (transient: ask again)', () => {
    expect(parseCommentsPage({ video: { id: '1', comments: null } })).toBeNull();
  });

  it('keeps a deleted account as commenter null', () => {
    const page = parseCommentsPage(data([edge({ commenter: null })]));
    expect(page?.comments[0]?.commenter).toBeNull();
  });

  it('reads emote fragments by emoteID', () => {
    const fragments = [
      { emote: null, text: 'that was ' },
      { emote: { id: '425618;9;11', emoteID: '425618', from: 9 }, text: 'LUL' },
      { emote: { emoteID: 'emotesv2_abc' }, text: 'KEKW' },
    ];
    const page = parseCommentsPage(data([edge({ fragments })]));
    expect(page?.comments[0]?.fragments).toEqual([
      { text: 'that was ', emoteId: null },
      { text: 'LUL', emoteId: '425618' },
      { text: 'KEKW', emoteId: 'emotesv2_abc' },
    ]);
  });

  it('accepts absent or null optional parts: badges, colour, display name, non-last cursors', () => {
    const page = parseCommentsPage(
      data([
        edge({ id: 'a', badges: null, color: null, cursor: null, commenter: { id: '5', login: 'lower_only', displayName: null } }),
        edge({ id: 'b', color: '' }),
      ]),
    );
    expect(page?.comments[0]).toMatchObject({ badges: [], color: null, cursor: '', commenter: { displayName: 'lower_only' } });
    expect(page?.comments[1]?.color).toBeNull();
  });

  it('an empty page is a page', () => {
    expect(parseCommentsPage(data([], false))).toEqual({ comments: [], hasNextPage: false });
  });

  it('video null is VOD_NOT_FOUND', () => {
    expect(codeOf(() => parseCommentsPage({ video: null })).code).toBe('VOD_NOT_FOUND');
  });

  it('malformed shapes are TWITCH_CHANGED naming what is missing', () => {
    const cases: [unknown, string][] = [
      [null, 'data'],
      [{}, 'data.video'],
      [{ video: 'x' }, 'data.video'],
      [{ video: { comments: {} } }, 'video.comments.edges'],
      [{ video: { comments: { edges: [] } } }, 'video.comments.pageInfo'],
      [{ video: { comments: { edges: [], pageInfo: {} } } }, 'video.comments.pageInfo.hasNextPage'],
      [data([edge({ id: 'a' }), { cursor: 'x' }]), 'video.comments.edges[1].node'],
      [data([{ ...edge(), node: { ...edge().node, contentOffsetSeconds: '12' } }]), 'video.comments.edges[0].node.contentOffsetSeconds'],
      [data([{ ...edge(), node: { ...edge().node, id: 5 } }]), 'video.comments.edges[0].node.id'],
      [data([{ ...edge(), node: { ...edge().node, message: null } }]), 'video.comments.edges[0].node.message'],
      [data([edge({ fragments: 'hi' })]), 'video.comments.edges[0].node.message.fragments'],
      [data([edge({ fragments: [{ text: 'x', emote: {} }] })]), 'edges[0].node.message.fragments[0].emote.emoteID'],
      [data([edge({ commenter: { login: 'x' } })]), 'video.comments.edges[0].node.commenter.id'],
      [data([edge({ badges: [{ version: '1' }] })]), 'video.comments.edges[0].node.message.userBadges[0].setID'],
      [data([edge({ cursor: null })], true), 'cursor on the last comment'],
    ];
    for (const [input, what] of cases) {
      const { code, message } = codeOf(() => parseCommentsPage(input));
      expect(code, what).toBe('TWITCH_CHANGED');
      expect(message, what).toContain(what);
    }
  });
});
