// Time- or state-dependent parameters written as mathjs expressions in a scenario (for example
// "2.5 * 0.97 ^ months"): parsed and checked once at load, evaluated with nothing but the named
// variables in scope. Only arithmetic, comparisons, conditionals and a few pure functions are allowed,
// so an expression can neither reach anything else nor change state.

import type { MathNode } from 'mathjs';
import { UsageError } from './errors.ts';
import { mathjsLib } from './mathjs.ts';

// Scenarios without expressions (and sweep worker threads running them) never load mathjs.
const parse = (source: string): MathNode => mathjsLib().parse(source);

const FUNCTIONS = new Set([
  'exp',
  'log',
  'log10',
  'sqrt',
  'abs',
  'min',
  'max',
  'pow',
  'floor',
  'ceil',
  'round',
  'sin',
  'cos',
  'tanh',
]);
const CONSTANTS = new Set(['pi', 'e']);
const NODE_TYPES = new Set([
  'ConstantNode',
  'SymbolNode',
  'OperatorNode',
  'ParenthesisNode',
  'FunctionNode',
  'ConditionalNode',
]);

export interface Expression {
  source: string;
  evaluate(vars: Record<string, number>): number;
}

/** Compile `source` allowing the given variables; a mistake is a UsageError at `file`/`path`. */
export function compileExpression(
  source: string,
  variables: readonly string[],
  file: string,
  path: string,
): Expression {
  const fail = (why: string): never => {
    throw new UsageError(`${why} in expression "${source}" (variables: ${variables.join(', ')})`, file, path);
  };
  let node: MathNode;
  try {
    node = parse(source);
  } catch (e) {
    return fail(`cannot parse: ${(e as Error).message}`);
  }
  node.traverse((n, _path, parent) => {
    if (!NODE_TYPES.has(n.type)) fail(`"${n.toString()}" is not allowed`);
    if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (isCallee ? !FUNCTIONS.has(name) : !variables.includes(name) && !CONSTANTS.has(name)) {
        fail(isCallee ? `unknown function "${name}"` : `unknown variable "${name}"`);
      }
    }
  });
  const code = node.compile();
  const evaluate = (vars: Record<string, number>): number => {
    const v = code.evaluate({ ...vars });
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new UsageError(
        `evaluated to ${String(v)} at ${JSON.stringify(vars)} in expression "${source}"`,
        file,
        path,
      );
    }
    return v;
  };
  // Try it once at a neutral point so that a wrong shape (a matrix, a string) fails at load.
  evaluate(Object.fromEntries(variables.map((name) => [name, 1])));
  return { source, evaluate };
}
