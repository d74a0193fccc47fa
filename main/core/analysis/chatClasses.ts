// What a chat message says about the moment, from its words alone: which reaction classes it shows
// (laughter, hype, shock, "clip it"), whether it is short like a reaction, and whether it is not a
// crowd reaction at all (bots, commands, replies). Word lists, not fitted weights: they carry over to channels and games we never saw.

export const REACTION_CLASSES = ['funny', 'hype', 'shock', 'clip'] as const;
export type ReactionClass = (typeof REACTION_CLASSES)[number];

/** Bit per class, so one message's classes fit in a small integer. */
export const CLASS_BIT: Readonly<Record<ReactionClass, number>> = { funny: 1, hype: 2, shock: 4, clip: 8 };

/** The tag a proposal gets for each class (what the UI shows). */
export const CLASS_TAG: Readonly<Record<ReactionClass, string>> = {
  funny: 'funny',
  hype: 'hype',
  shock: 'shock',
  clip: 'clip-it',
};

/** Chat bots post on timers and on commands; their lines are never a reaction. Lower case. */
const KNOWN_BOTS = new Set([
  'nightbot',
  'streamelements',
  'moobot',
  'fossabot',
  'streamlabs',
  'wizebot',
  'deepbot',
  'phantombot',
  'coebot',
  'botisimo',
  'sery_bot',
  'soundalerts',
  'kofistreambot',
  'tangiabot',
  'streamcaptainbot',
  'pokemoncommunitygame',
  'commanderroot',
  'blerp',
  'own3d',
  'creatisbot',
  'lolrankbot',
  'dotabuff',
]);

/** Known bot accounts, and accounts named like one ("…bot"): a handful of humans lost is harmless. */
export function isBotName(author: string): boolean {
  if (author.length === 0) return false;
  const name = author.toLowerCase();
  return KNOWN_BOTS.has(name) || name.endsWith('bot') || name.endsWith('_bot');
}

/**
 * Lines that are not the crowd reacting: `!commands` (and the bot replies they trigger) and
 * @replies (a conversation between two people).
 */
export function isNonReaction(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 33 /* ! */ || first === 64 /* @ */;
}

// One pass of one regular expression per message; the group that matched names the class.
// Emote names are matched case-insensitively as whole words, with the usual stretched spellings.
const FUNNY =
  String.raw`\w*lul\w*|kekw?\w*|lo+l[lo]*w?|lmf?a+o+|rofl|xd+|(?:ha){2,}h?|a?(?:ha){2,}|(?:he){2,}|hahaa|4head|elegiggle|pepelaugh|pepega|jebaited|icant|omegalul|forsenlol|😂|🤣|😆|💀`;
const HYPE = String.raw`pog\w*|pag(?:man|chomp|ging|u)|\w*gasm|\w*hype\w*|hypers|sheesh|let'?s\s?go+|lets+go+|insane|wow+|ez(?:clap)?|\w*clap|gg|rampage|catjam|peepoclap|🔥`;
const SHOCK = String.raw`monka\w*|wutface|dansgame|wtf+|wth|omf?g+|no\s?way|whatt+|wat|\?{2,}|d:|holy|jesus|nani|notlikethis|o+o+f+|pepehands|sadge|biblethump|widepeeposad|😱|😮`;
const CLIP = String.raw`clip\s?(?:it|that|this)|clipped|clip`;
const CLASS_PATTERN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?:(${CLIP})|(${FUNNY})|(${HYPE})|(${SHOCK}))(?![\p{L}\p{N}_])`,
  'giu',
);

/** Class bits (CLASS_BIT) of a message's text; 0 when it shows none. */
export function classifyText(text: string): number {
  let bits = 0;
  CLASS_PATTERN.lastIndex = 0;
  for (let m = CLASS_PATTERN.exec(text); m !== null; m = CLASS_PATTERN.exec(text)) {
    if (m[1] !== undefined) bits |= CLASS_BIT.clip;
    else if (m[2] !== undefined) bits |= CLASS_BIT.funny;
    else if (m[3] !== undefined) bits |= CLASS_BIT.hype;
    else bits |= CLASS_BIT.shock;
    if (bits === 15) break;
  }
  return bits;
}

/** The classes named by a set of bits, in REACTION_CLASSES order. */
export function classesOf(bits: number): ReactionClass[] {
  return REACTION_CLASSES.filter((c) => (bits & CLASS_BIT[c]) !== 0);
}

/** A reaction is a word or two ("322", "SHAME", "LUL LUL LUL"); conversation takes sentences. */
const SHORT_MAX_WORDS = 2;
const SHORT_MAX_CHARS = 20;
/** Longer than this is never short, however it repeats (keeps the check cheap on spam walls). */
const SHORT_SCAN_LIMIT = 400;

/**
 * Whether a message is short the way reactions are: at most two words once a word repeated in a row
 * counts once ("LUL LUL LUL" is one word), and at most 20 characters so. Emote spam and one-word
 * shouts pass, sentences do not.
 */
export function isShortMessage(text: string): boolean {
  if (text.length > SHORT_SCAN_LIMIT) return false;
  let words = 0;
  let chars = 0;
  let previous = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const lower = word.toLowerCase();
    if (lower === previous) continue;
    previous = lower;
    words += 1;
    chars += lower.length + (words > 1 ? 1 : 0);
    if (words > SHORT_MAX_WORDS || chars > SHORT_MAX_CHARS) return false;
  }
  return words > 0;
}
