// Parameters given as expressions of time (days, months, years since the run started), compiled once
// per expression text. The scenario loader has already checked them; this only evaluates.

import { compileExpression, type Expression } from '../sim/util/expression.ts';

const compiled = new Map<string, Expression>();

export function timeExpression(source: string): Expression {
  let e = compiled.get(source);
  if (!e) {
    e = compileExpression(source, ['days', 'months', 'years'], 'scenario', 'expression');
    compiled.set(source, e);
  }
  return e;
}

export function timeVariables(days: number): Record<string, number> {
  return { days, months: days / 30.4375, years: days / 365 };
}

/** A parameter that is a number or an expression of time, at `days` into the run. */
export function atTime(value: number | string, days: number): number {
  return typeof value === 'number' ? value : timeExpression(value).evaluate(timeVariables(days));
}
