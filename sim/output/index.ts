// Public API of sim/output: writing and checking a run's results directory.

export { type FileEntry, hashFile } from './files.ts';
export {
  computeContentHash,
  MANIFEST_NAME,
  RUN_FORMAT,
  type RunManifest,
  type RunOutputs,
  type RunVerification,
  readRunManifest,
  startRunDirectory,
  taosimVersion,
  verifyRunDirectory,
  writeRunDirectory,
} from './manifest.ts';
export { REPORT_HTML_NAME, SWEEP_MANIFEST_NAME } from './result-names.ts';
export { RowLog } from './row-log.ts';
export { type Cell, CsvTableWriter, formatCell, formatCsv, type Table } from './table.ts';
