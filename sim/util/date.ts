// Calendar dates as people type them: YYYY-MM-DD (UTC), refusing days a month does not have.

/**
 * The UTC date of "YYYY-MM-DD" (optionally followed by an ISO time, "T12:00:00Z"), or null when
 * it is not one or names an impossible day (2025-02-30, 2025-13-01): JavaScript's Date would
 * silently roll those over into the next month.
 */
export function parseIsoDate(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+Z?)?$/.exec(value);
  if (!m) return null;
  const time = m[2] === undefined ? '' : m[2].endsWith('Z') ? m[2] : `${m[2]}Z`; // UTC, not the local zone
  const d = new Date(m[1] + time);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().slice(0, 10) === m[1] ? d : null;
}
