// `npm run bench`: prints one JSON object with every figure. Speed is measured here (never by timed
// assertions in tests), as ratios against a plain ffmpeg command or a simpler strategy in the same run.
import { cpus, totalmem } from 'node:os';
import { benchDetection } from './detectBench';
import { benchDownload } from './downloadBench';
import { benchEditor } from './editorBench';
import { benchExport } from './exportBench';
import { benchImport } from './importBench';

const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);

const report: Record<string, unknown> = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
};
if (want('detection')) report.detection = await benchDetection();
if (want('export')) report.export = await benchExport();
if (want('download')) report.download = await benchDownload();
if (want('import')) report.import = await benchImport();
if (want('editor')) report.editor = await benchEditor();
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
