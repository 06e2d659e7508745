// Scenario fields addressed by path, as sweeps override them: `validators.noise`,
// `subnets.overrides[0].tempo`. Setting creates missing objects along the way (a scenario may leave
// whole sections to their defaults); whether the field exists is for the scenario parser to say.

export type PathPart = string | number;

export function parsePath(path: string): PathPart[] | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/.test(path)) return null;
  const parts: PathPart[] = [];
  for (const m of path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g))
    parts.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return parts;
}

/** A deep copy of `doc` with `value` at `path` (objects and arrays created as needed). */
export function withValue(doc: unknown, path: PathPart[], value: unknown): unknown {
  const root = structuredClone(doc) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      at[key] = value;
      return;
    }
    const next = at[key];
    if (next === null || typeof next !== 'object') at[key] = typeof path[i + 1] === 'number' ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  });
  return root;
}
