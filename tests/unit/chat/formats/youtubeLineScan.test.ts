// The scanner that reads common yt-dlp lines without JSON.parse of the whole line must give exactly
// what the full parse gives, on every line: the fixture's shapes, hand-written odd lines, and many
// random lines (random structure, key order, spacing, escapes, duplicates, damage).
import { describe, expect, it } from 'vitest';
import { parseYoutubeLine, parseYoutubeLineFully } from '../../../../main/core/chat/formats/youtubeLiveChat';
import { scanYoutubeLine } from '../../../../main/core/chat/formats/youtubeLineScan';
import { seededRandom, type FixtureMessage } from '../../../fixtures/chat';
import { chatFileLines } from '../../../fixtures/chatFormats';

/** Both readings of a line, with the skip reasons each reported. */
function bothWays(line: string) {
  const fastReasons: string[] = [];
  const fullReasons: string[] = [];
  const fast = parseYoutubeLine(line, (r) => void fastReasons.push(r));
  const full = parseYoutubeLineFully(line, (r) => void fullReasons.push(r));
  return { fast: { outcome: fast, reasons: fastReasons }, full: { outcome: full, reasons: fullReasons } };
}

function expectSame(line: string): void {
  const { fast, full } = bothWays(line);
  expect(fast, line).toEqual(full);
}

// A JSON writer that can do what JSON.stringify cannot: repeated keys, escaped keys, \u escapes of
// any character, Python's `", "` / `": "` spacing (yt-dlp writes with json.dumps).
class Obj {
  constructor(readonly pairs: [string, Json][]) {}
}
type Json = string | number | boolean | null | Json[] | Obj;
const obj = (o: Record<string, Json>): Obj => new Obj(Object.entries(o));

interface WriteStyle {
  /** Chance of writing a character as \uXXXX (or / as \/). */
  escapeChance: number;
  spaced: boolean;
  random: () => number;
}

function writeString(s: string, style: WriteStyle): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) out += ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : `\\u${c.toString(16).padStart(4, '0')}`;
    else if (style.random() < style.escapeChance) {
      const hex = c.toString(16).padStart(4, '0');
      out += ch === '/' ? '\\/' : `\\u${style.random() < 0.5 ? hex : hex.toUpperCase()}`;
    } else out += ch;
  }
  return `${out}"`;
}

function write(v: Json, style: WriteStyle): string {
  const comma = style.spaced ? ', ' : ',';
  if (v instanceof Obj) {
    const colon = style.spaced ? ': ' : ':';
    return `{${v.pairs.map(([k, x]) => writeString(k, style) + colon + write(x, style)).join(comma)}}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => write(x, style)).join(comma)}]`;
  if (typeof v === 'string') return writeString(v, style);
  return JSON.stringify(v);
}

const plain = (v: Json): string => write(v, { escapeChance: 0, spaced: false, random: Math.random });

describe('scanYoutubeLine', () => {
  it('reads every line the fixture writes as the full parse does, messages on the fast path', () => {
    const messages: FixtureMessage[] = [
      { offsetSec: 0.5, author: 'SomeViewer', text: 'KEKW that was close KEKW', emotes: ['KEKW'] },
      { offsetSec: 2.75, author: 'Zoë', text: '😂 re: what? "quoted" back\\slash PogChamp', emotes: ['PogChamp'] },
      { offsetSec: 3723, author: 'Big "Fan"', text: 'tab\there\nnew line', emotes: [] },
      { offsetSec: 4000.001, author: '', text: '', emotes: [] },
      { offsetSec: 5000, author: 'night_owl', text: 'message 5', emotes: [] },
    ];
    const lines = [...chatFileLines('youtube-live-chat', messages, { extras: true, brokenBefore: [1, 3] })];
    expect(lines.length).toBeGreaterThan(messages.length + 3);
    const scanned: string[] = [];
    for (const line of lines) {
      expectSame(line);
      if (scanYoutubeLine(line) !== null) scanned.push(line);
    }
    // Messages and tickers (nothing to count) on the fast path; memberships (skipped, with a reason)
    // and broken lines go to the full parse.
    const tickers = lines.filter((l) => l.includes('addLiveChatTickerItemAction'));
    expect(tickers.length).toBeGreaterThan(0);
    expect(scanned).toEqual(lines.filter((l) => l.includes('liveChatTextMessageRenderer') || tickers.includes(l)));
  });

  it('reads the odd lines as the full parse does', () => {
    const text = (runs: Json, author: Json = obj({ simpleText: 'Some Viewer' })): Obj =>
      obj({ liveChatTextMessageRenderer: obj({ message: obj({ runs }), authorName: author, id: 'x' }) });
    const add = (item: Json): Obj => obj({ clickTrackingParams: 'c', addChatItemAction: obj({ item, clientId: 'y' }) });
    const line = (actions: Json, offset: Json = '61500'): string =>
      plain(obj({ clickTrackingParams: 'x', replayChatItemAction: obj({ actions, videoOffsetTimeMsec: offset }) }));
    const hi = text([obj({ text: 'hi' })]);
    const emojiRuns: Json = [
      obj({ text: 'gg ' }),
      obj({ emoji: obj({ emojiId: '😂', shortcuts: [':joy:'], isCustomEmoji: false, image: obj({ thumbnails: [obj({ url: 'u', width: 24 })] }) }) }),
      obj({ emoji: obj({ emojiId: 'UCx/abc', shortcuts: [':_hype:', ':b:'], searchTerms: ['hype'], isCustomEmoji: true }) }),
      obj({ emoji: obj({ shortcuts: [], isCustomEmoji: true }) }),
      obj({ emoji: obj({ emojiId: '', shortcuts: 'no' }) }),
      obj({ emoji: 'not an object' }),
      obj({ text: 5 }),
      obj({ text: 'x', emoji: obj({ emojiId: 'y' }) }),
      'not a run',
      [obj({ text: 'in an array' })],
      obj({}),
    ];
    const lines: string[] = [
      line([add(hi)]),
      line([add(text(emojiRuns))]),
      line([add(text([obj({ text: 'a "quote", a \\ backslash, \u0001 control, /slash/, 😂, \ud800 lone' })], obj({ simpleText: 'Zoë "Z" \\' })))]),
      line([add(hi), add(text([obj({ text: 'second' })], obj({ simpleText: 'Other' })))]),
      line([add(hi), add(obj({ liveChatMembershipItemRenderer: obj({ id: 'm' }) }))]),
      line([add(obj({ liveChatPaidMessageRenderer: obj({ authorName: obj({ simpleText: 'Fan' }), purchaseAmountText: obj({ simpleText: '$5.00' }) }) }))]),
      line([add(obj({ liveChatPaidMessageRenderer: obj({ message: obj({ runs: [obj({ text: 'paid' })] }) }) }))]),
      line([add(obj({ liveChatPaidStickerRenderer: obj({}) }))]),
      line([add(obj({ liveChatViewerEngagementMessageRenderer: obj({}) }))]),
      line([add(obj({}))]),
      line([add('item is a string')]),
      line([obj({ addChatItemAction: obj({ clientId: 'no item' }) })]),
      line([obj({ addChatItemAction: 'not an object' })]),
      line([obj({ addLiveChatTickerItemAction: obj({ item: obj({ liveChatTickerSponsorItemRenderer: obj({ id: 'y' }) }), durationSec: '300' }) })]),
      line([obj({ markChatItemAsDeletedAction: obj({ targetItemId: 'x' }) })]),
      line([]),
      line('actions is a string'),
      line(obj({ '0': add(hi) })),
      line([null, 1, 'x', [add(hi)], add(hi)]),
      // Offsets: missing, number, null, empty, not a number, at the top level (live downloads).
      line([add(hi)], 2000),
      line([add(hi)], -1.5e3),
      line([add(hi)], null),
      line([add(hi)], ''),
      line([add(hi)], 'soon'),
      line([add(hi)], obj({ ms: 1 })),
      plain(obj({ replayChatItemAction: obj({ actions: [add(hi)] }), videoOffsetTimeMsec: '2000', isLive: true })),
      plain(obj({ replayChatItemAction: obj({ actions: [add(hi)], videoOffsetTimeMsec: null }), videoOffsetTimeMsec: '3000' })),
      plain(obj({ replayChatItemAction: obj({ actions: [add(hi)] }) })),
      // Renderer shapes.
      line([add(obj({ liveChatTextMessageRenderer: 'not an object' }))]),
      line([add(obj({ liveChatTextMessageRenderer: obj({}) }))]),
      line([add(obj({ liveChatTextMessageRenderer: obj({ message: 'x', authorName: 'y' }) }))]),
      line([add(obj({ liveChatTextMessageRenderer: obj({ message: obj({ runs: 'x' }), authorName: obj({ simpleText: 5 }) }) }))]),
      line([add(obj({ liveChatTextMessageRenderer: obj({ message: obj({ runs: obj({ text: 'x' }) }) }) }))]),
      line([add(obj({ liveChatTextMessageRenderer: obj({ message: obj({ simpleText: 'x' }), authorName: obj({ runs: [] }) }) }))]),
      line([add(obj({ other: 1, liveChatTextMessageRenderer: obj({ message: obj({ runs: [obj({ text: 'b' })] }) }) }))]),
      line([add(obj({ liveChatTextMessageRenderer: obj({ message: obj({ runs: [] }) }), liveChatPaidMessageRenderer: obj({ message: obj({ runs: [] }) }) }))]),
      line([add(obj({ liveChatPaidMessageRenderer: 1, liveChatTextMessageRenderer: obj({}) }))]),
      // Repeated keys: JSON.parse keeps the last.
      line([add(new Obj([['liveChatTextMessageRenderer', obj({ authorName: obj({ simpleText: 'first' }) })], ['liveChatTextMessageRenderer', obj({ authorName: obj({ simpleText: 'last' }) })]]))]),
      line([add(text([obj({ text: 'x' })], new Obj([['simpleText', 'first'], ['simpleText', 'last']])))]),
      line([add(text([new Obj([['text', 'first'], ['text', 'last']])]))]),
      line([add(obj({ liveChatTextMessageRenderer: new Obj([['message', obj({ runs: [obj({ text: 'a' })] })], ['message', 'gone']]) }))]),
      line([new Obj([['addChatItemAction', obj({ item: hi })], ['addChatItemAction', obj({})]])]),
      line([obj({ addChatItemAction: new Obj([['item', hi], ['item', hi]]) })]),
      plain(new Obj([['replayChatItemAction', obj({ actions: [add(hi)], videoOffsetTimeMsec: '1' })], ['replayChatItemAction', obj({ actions: [] })]])),
      plain(obj({ replayChatItemAction: new Obj([['actions', [add(hi)]], ['actions', []], ['videoOffsetTimeMsec', '1']]) })),
      plain(obj({ replayChatItemAction: new Obj([['actions', [add(hi)]], ['videoOffsetTimeMsec', '1'], ['videoOffsetTimeMsec', '2']]) })),
      plain(new Obj([['videoOffsetTimeMsec', '1'], ['replayChatItemAction', obj({ actions: [add(hi)] })], ['videoOffsetTimeMsec', '2']])),
      line([add(text([obj({ emoji: new Obj([['emojiId', 'a'], ['emojiId', 'b']]) })]))]),
      // Prototype-looking keys are plain data to JSON.parse.
      line([add(obj({ __proto__: obj({ liveChatTextMessageRenderer: obj({}) }), constructor: 1 }))]),
      line([add(text([obj({ __proto__: obj({ text: 'proto' }) })]))]),
      // Not the shape: broken lines.
      plain(obj({ replayChatItemAction: 'x' })),
      plain(obj({ replayChatItemAction: [add(hi)] })),
      plain(obj({ other: 1 })),
      '{}',
      '[]',
      '"x"',
      'null',
      '',
      ' ',
      'hello',
    ];
    // Spacing and escapes anywhere, keys included (an escaped key still names the key).
    const base = [...lines];
    const random = seededRandom(11);
    for (const escapeChance of [0, 0.05, 1]) {
      for (const spaced of [false, true]) {
        for (const l of base) {
          if (l === '' || !/^[[{]/.test(l)) continue;
          lines.push(write(JSON.parse(l) as Json, { escapeChance, spaced, random }));
        }
      }
    }
    // JSON.parse loses repeated keys, so also write those lines' spaced forms by hand.
    lines.push(
      '{"replayChatItemAction": {"actions": [{"addChatItemAction": {"item": {"liveChatTextMessageRenderer": {"message": {"runs": [{"text": "gg"}]}, "authorName": {"simpleText": "Some Viewer"}}}}}], "videoOffsetTimeMsec": "3723000"}}',
      '{ "replayChatItemAction" : { "actions" : [ { "addChatItemAction" : { "item" : { "liveChatTextMessageRenderer" : { "message" : { "runs" : [ { "text" : "gg" } ] } } } } } ] , "videoOffsetTimeMsec" : "1" } } ',
      '{"replayChatItemAction":{"actions":[{"addChatItemAction":{"item":{"liveChatTextMessageRenderer":{}}}}],"videoOffsetTimeMsec":"1"}}\t',
      '{"replayChatItemAction":{"actions":[{"addChatItemAction":{"item":{"liveChat\\u0054extMessageRenderer":{"authorName":{"simpleText":"escaped key"}}}}}]}}',
      '{"replayChatItemAction":{"actions":[{"addChatItemAction":{"item":{"liveChatTextMessageRenderer":{"authorName":{"simple\\u0054ext":"escaped key"}}}}}]}}',
      '{"replayChatItemAction":{"actions":[{"addChatItemAction":{"item":{"liveChatTextMessageRenderer":{"authorName":{"simpleText":"x","simpleText":"y"}}}}}]}}',
    );
    // Damage: cut anywhere, a byte changed, control characters, bad escapes, numbers and literals.
    const good = line([add(text(emojiRuns))], 1);
    for (let cut = 0; cut < good.length; cut += 7) lines.push(good.slice(0, cut), good.slice(0, cut) + good.slice(cut + 1));
    const literals = plain(obj({ replayChatItemAction: obj({ actions: [add(hi)], videoOffsetTimeMsec: '1' }), a: [true, false, null, 0, -0, 1.5, -2e-3, 10E+2] }));
    lines.push(literals);
    for (const [from, to] of [
      ['true', 'tru'],
      ['true', 'True'],
      ['false', 'fals'],
      ['null', 'nul'],
      ['-0', '-'],
      ['-0', '00'],
      ['1.5', '1.'],
      ['1.5', '.5'],
      ['-2e-3', '-2e'],
      ['-2e-3', '-2e-'],
      ['10E+2', '10E+'],
      ['0,', '01,'],
      [',-0', ',+0'],
      ['[true', '[,true'],
      ['2]', '2,]'],
      ['"a":', '"a"'],
      ['"a":', '"a"::'],
      ['"a":', 'a:'],
      ['"a":', '"a":,'],
      ['}', '},'],
    ] as const) {
      lines.push(literals.replace(from, to));
    }
    for (const [from, to] of [
      ['"hi"', '"h\ti"'],
      ['"hi"', '"h\ni"'],
      ['"hi"', '"h\u0000i"'],
      ['"hi"', '"h\\i"'],
      ['"hi"', '"h\\u12i"'],
      ['"hi"', '"h\\u12G4i"'],
      ['"hi"', '"h\\"'],
      ['"hi"', '"h\\\\"'],
      ['"hi"', '"h\\\\\\"i"'],
      ['"id"', '"i\\d"'],
      ['"id":"x"', '"id":"x\\'],
      ['{"text"', '\t{"text"'],
      ['{"text"', '\u000b{"text"'],
      ['{"text"', '\u00a0{"text"'],
    ] as const) {
      lines.push(line([add(hi)]).replace(from, to));
    }
    const deep = (n: number): Json => (n === 0 ? 'x' : [deep(n - 1)]);
    lines.push(line([add(text([obj({ text: 'deep', extra: deep(200) })]))]), line([add(text([obj({ text: 'deep', extra: deep(20) })]))]));
    lines.push(`${line([add(hi)])} x`, `${line([add(hi)])}}`, `${line([add(hi)])}  `, `{${line([add(hi)]).slice(1)}`, `\ufeff${line([add(hi)])}`);

    let fast = 0;
    for (const l of lines) {
      expectSame(l);
      if (scanYoutubeLine(l) !== null) fast++;
    }
    expect(fast).toBeGreaterThan(lines.length / 4); // the equalities above were mostly the scanner's
  });

  it('reads random lines, sound or damaged, as the full parse does', () => {
    const random = seededRandom(2024);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const chance = (p: number): boolean => random() < p;
    const PIECES = ['gg', ' ', 'KEKW', '"', '\\', '\n', '\t', '\u0000', '😂', 'Zoë', '\ud83d', '/', '{"runs":[', '"text":"x"', '"simpleText":"evil"}', '}]', 'ünïcödé', '\u2028'];
    const str = (): string => Array.from({ length: Math.floor(random() * 5) }, () => pick(PIECES)).join('');
    const scalar = (): Json => pick<() => Json>([str, () => Math.round(random() * 1e6) / 100, () => chance(0.5), () => null, () => -0])();
    const noise = (depth: number): Json => {
      if (depth > 3 || chance(0.5)) return scalar();
      if (chance(0.3)) return Array.from({ length: Math.floor(random() * 3) }, () => noise(depth + 1));
      return new Obj(Array.from({ length: Math.floor(random() * 4) }, () => [pick(['url', 'width', 'id', 'text', 'runs', 'item', str()]), noise(depth + 1)]));
    };
    // An object with these members in random order, sometimes extra noise members and a repeated key.
    const shuffled = (members: [string, Json][]): Obj => {
      const pairs = [...members];
      for (let n = Math.floor(random() * 3); n > 0; n--) pairs.push([pick(['clickTrackingParams', 'id', 'x', '__proto__']), noise(2)]);
      if (pairs.length > 0 && chance(0.05)) pairs.push([pick(pairs)[0], noise(2)]);
      for (let i = pairs.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
      }
      return new Obj(pairs);
    };
    const maybe = (p: number, key: string, value: () => Json): [string, Json][] => (chance(p) ? [[key, value()]] : []);
    const run = (): Json => {
      if (chance(0.05)) return noise(3);
      if (chance(0.7)) return shuffled([['text', chance(0.95) ? str() : scalar()]]);
      return shuffled([
        [
          'emoji',
          chance(0.05)
            ? scalar()
            : shuffled([
                ...maybe(0.9, 'emojiId', () => (chance(0.9) ? pick(['😂', 'UCx/abc', '']) : scalar())),
                ...maybe(0.9, 'shortcuts', () => (chance(0.9) ? Array.from({ length: Math.floor(random() * 3) }, () => pick([':a:', ':_hype:', '', 5])) : scalar())),
                ...maybe(0.8, 'isCustomEmoji', () => (chance(0.9) ? chance(0.5) : scalar())),
                ...maybe(0.5, 'image', () => noise(2)),
              ]),
        ],
      ]);
    };
    const renderer = (): Json =>
      chance(0.03)
        ? scalar()
        : shuffled([
            ...maybe(0.95, 'message', () => (chance(0.05) ? noise(2) : shuffled(maybe(0.95, 'runs', () => (chance(0.05) ? noise(2) : Array.from({ length: Math.floor(random() * 4) }, run)))))),
            ...maybe(0.95, 'authorName', () => (chance(0.05) ? noise(2) : shuffled(maybe(0.95, 'simpleText', () => (chance(0.95) ? str() : scalar()))))),
            ...maybe(0.5, 'authorPhoto', () => noise(1)),
          ]);
    const item = (): Json => {
      const r = random();
      if (r < 0.75) return shuffled([['liveChatTextMessageRenderer', renderer()]]);
      if (r < 0.82) return shuffled([['liveChatPaidMessageRenderer', renderer()]]);
      if (r < 0.84) return shuffled([['liveChatTextMessageRenderer', renderer()], ['liveChatPaidMessageRenderer', renderer()]]);
      if (r < 0.9) return shuffled([[pick(['liveChatMembershipItemRenderer', 'liveChatPaidStickerRenderer', 'liveChatPlaceholderItemRenderer', 'somethingNew']), noise(2)]]);
      if (r < 0.95) return new Obj([]);
      return scalar();
    };
    const action = (): Json => {
      const r = random();
      if (r < 0.85) return shuffled([['addChatItemAction', chance(0.97) ? shuffled([...maybe(0.97, 'item', item), ...maybe(0.5, 'clientId', str)]) : scalar()]]);
      if (r < 0.93) return shuffled([['addLiveChatTickerItemAction', noise(1)]]);
      if (r < 0.97) return shuffled([['markChatItemAsDeletedAction', noise(1)]]);
      return scalar();
    };
    const offset = (): Json => (chance(0.85) ? String(Math.floor(random() * 1e8)) : scalar());
    const chatLine = (): Json =>
      shuffled([
        [
          'replayChatItemAction',
          chance(0.02)
            ? scalar()
            : shuffled([
                ...maybe(0.97, 'actions', () => (chance(0.03) ? noise(1) : Array.from({ length: chance(0.8) ? 1 : Math.floor(random() * 4) }, action))),
                ...maybe(0.9, 'videoOffsetTimeMsec', offset),
              ]),
        ],
        ...maybe(0.1, 'videoOffsetTimeMsec', offset),
      ]);
    const damage = (line: string): string => {
      const at = Math.floor(random() * line.length);
      switch (Math.floor(random() * 4)) {
        case 0:
          return line.slice(0, at);
        case 1:
          return line.slice(0, at) + line.slice(at + 1);
        case 2:
          return line.slice(0, at) + pick(['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\t', '\u0001', 'x', '0', '-', 'e', '.']) + line.slice(at);
        default:
          return line.slice(0, at) + pick(['"', '\\', '{', '}', ',', 'u', '1']) + line.slice(at + 1);
      }
    };

    let fast = 0;
    let messages = 0;
    const count = 4000;
    for (let i = 0; i < count; i++) {
      let l = write(chatLine(), { escapeChance: chance(0.8) ? 0 : random() * 0.2, spaced: chance(0.3), random });
      if (chance(0.3)) l = damage(l);
      expectSame(l);
      const scanned = scanYoutubeLine(l);
      if (scanned !== null) {
        fast++;
        messages += scanned.messages.length;
      }
    }
    // The comparison is worth something only if the scanner read many of these lines itself.
    expect(fast).toBeGreaterThan(count * 0.3);
    expect(messages).toBeGreaterThan(count * 0.2);
  });
});
