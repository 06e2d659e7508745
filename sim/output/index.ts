// Public API of sim/output: writing and checking a run's results directory.

export { type Cell, type Table, CsvTableWriter, formatCell, formatCsv } from './table.ts';
export { type FileEntry, hashFile } from './files.ts';
export {
  MANIFEST_NAME,
  RUN_FORMAT,
  type RunManifest,
  type RunOutputs,
  type RunVerification,
  computeContentHash,
  readRunManifest,
  startRunDirectory,
  taosimVersion,
  verifyRunDirectory,
  writeRunDirectory,
} from './manifest.ts';
