// `npm run eval`: the detector against the labelled Lightor videos (../shared/eval/lightor-train), with the
// metrics and baselines of detection.md. Each chat goes through the import path users hit (format
// sniffing, parsing, offset rules, the feature accumulator); the video's duration is the chat's last offset.
// Usage: node --import tsx scripts/eval.ts [DIR]
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createChatFeatureAccumulator, type ChatFeatures } from '../main/core/analysis/chatFeatures';
import { detectFromFeatures } from '../main/core/analysis/detectHighlights';
import { DEFAULT_DETECTOR_PARAMS, paramsForSensitivity } from '../main/core/analysis/detectorParams';
import { busiestMinutes, busiestWindows } from '../main/core/analysis/evalBaselines';
import { comparePaired } from '../main/core/analysis/evalCompare';
import { evaluateProposals, meanScores, type EvalScores, type Span } from '../main/core/analysis/evalMetrics';
import { importChatFile } from '../main/core/chat/importChat';

const DEFAULT_DIR = resolve(import.meta.dirname, '../../shared/eval/lightor-train');

interface Video {
  name: string;
  features: ChatFeatures;
  durationSec: number;
  labels: Span[];
}

async function loadVideo(dir: string, file: string): Promise<Video> {
  const name = basename(file, '.chat.json');
  const acc = createChatFeatureAccumulator();
  let last = 0;
  await importChatFile(join(dir, file), {
    onBatch: (batch) => {
      acc.add(batch);
      for (const m of batch) last = Math.max(last, m.offsetSec);
    },
  });
  const labels = (JSON.parse(await readFile(join(dir, `${name}.labels.json`), 'utf8')) as { highlights: Span[] }).highlights;
  return { name, features: acc.finish(), durationSec: Math.ceil(last) + 1, labels };
}

type Picker = (v: Video) => (Span & { score: number })[];

const PICKERS: [string, Picker][] = [
  // Every candidate, ranked: the ranking is the same at every sensitivity, which only cuts the list.
  ['detector', (v) => detectFromFeatures(v.features, v.durationSec, paramsForSensitivity(1))],
  ['base:5x1min', (v) => busiestMinutes(v.features.counts)],
  ['base:5s', (v) => busiestWindows(v.features.counts)],
  ['base:5s-25s', (v) => busiestWindows(v.features.counts, 25, 20)],
];

const f2 = (x: number): string => x.toFixed(2);
const row = (label: string, s: EvalScores, extra = ''): string =>
  `${label.padEnd(30)} ${[s.p1, s.p5, s.p10].map(f2).join('  ')}   ${[s.strictP1, s.strictP5, s.strictP10].map(f2).join('  ')}   ${f2(s.f1At10)}${extra}`;
const HEADER = `${'video / picker'.padEnd(30)} P@1   P@5   P@10   sP@1  sP@5  sP@10  F1@10`;

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? DEFAULT_DIR);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.chat.json')).sort();
  if (files.length === 0) throw new Error(`No *.chat.json files in ${dir}`);
  const videos = await Promise.all(files.map((f) => loadVideo(dir, f)));

  const scores = new Map<string, EvalScores[]>(PICKERS.map(([name]) => [name, []]));
  console.log(HEADER);
  for (const v of videos) {
    const shown = detectFromFeatures(v.features, v.durationSec, DEFAULT_DETECTOR_PARAMS).length;
    for (const [name, pick] of PICKERS) {
      const s = evaluateProposals(pick(v), v.labels);
      scores.get(name)!.push(s);
      const extra = name === 'detector' ? `   (${shown} shown at default sensitivity, ${Math.round(v.durationSec / 60)} min, ${v.labels.length} labels)` : '';
      console.log(row(name === 'detector' ? v.name : `  ${name}`, s, extra));
    }
  }
  const groups: [string, (v: Video) => boolean][] = [
    ['ALL', () => true],
    ['DOTA2', (v) => v.name.startsWith('dota2')],
    ['LOL', (v) => v.name.startsWith('lol')],
  ];
  for (const [group, inGroup] of groups) {
    const idx = videos.map((v, i) => (inGroup(v) ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    console.log(`\nmean over ${group} (${idx.length} videos)`);
    console.log(HEADER);
    for (const [name] of PICKERS) console.log(row(name, meanScores(idx.map((i) => scores.get(name)![i]!))));
  }
  for (const [group, inGroup] of groups) {
    const idx = videos.map((v, i) => (inGroup(v) ? i : -1)).filter((i) => i >= 0);
    if (idx.length < 5) continue; // an interval over fewer videos says nothing
    for (const [name] of PICKERS.slice(1)) printComparison(group, name, idx.map((i) => scores.get('detector')![i]!), idx.map((i) => scores.get(name)![i]!));
  }
}

const METRICS: [string, (s: EvalScores) => number][] = [
  ['P@1', (s) => s.p1],
  ['P@5', (s) => s.p5],
  ['P@10', (s) => s.p10],
  ['F1@10', (s) => s.f1At10],
];

/** Detector minus a baseline, per metric: mean difference, 95 % paired bootstrap over videos, videos each way. */
function printComparison(group: string, baseline: string, ours: EvalScores[], theirs: EvalScores[]): void {
  console.log(`\ndetector − ${baseline} over ${group} (${ours.length} videos): mean [95% bootstrap over videos]  better/same/worse`);
  const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
  for (const [metric, of] of METRICS) {
    const c = comparePaired(ours.map(of), theirs.map(of));
    console.log(`  ${metric.padEnd(6)} ${signed(c.meanDiff)}  [${signed(c.low)}, ${signed(c.high)}]   ${c.better}/${c.same}/${c.worse}`);
  }
}

await main();
