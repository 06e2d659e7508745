// Axis definitions several charts share.

/** Days since the start of a run, on x: whole-day ticks, the domain where the data ends. */
export function dayAxis(title = 'Days since start') {
  return { field: 'day', type: 'quantitative', title, scale: { nice: false }, axis: { tickMinStep: 1 } } as const;
}
