// One error type for user mistakes: which file, where in it, what was expected, what was found.
// The CLI prints it as one line and exits with code 2; anything else is a bug.

export class UsageError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }

  /** The one line the user sees. */
  format(): string {
    const where = [this.file, this.path].filter(Boolean).join(': at ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** Runs f; a UsageError it throws without a file is given `file` (the input it came from). */
export function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError && e.file === undefined) throw new UsageError(e.message, file, e.path);
    throw e;
  }
}

/** Short printable form of a value found in user input (for error messages). */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}
