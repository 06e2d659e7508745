// The file each kind of result writes last: its presence is what marks a results directory finished
// (a run or study, a sweep, a report). One place, so the writers and every check agree.

export const MANIFEST_NAME = 'run.json';
export const SWEEP_MANIFEST_NAME = 'sweep.json';
export const REPORT_HTML_NAME = 'report.html';
