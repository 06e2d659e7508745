// mathjs, loaded on first use: it takes most of a second to load, and most commands (and sweep
// worker threads) never need it. Every `taosim` start would otherwise pay for it.

import { createRequire } from 'node:module';

let mathjs: typeof import('mathjs') | undefined;

export function mathjsLib(): typeof import('mathjs') {
  mathjs ??= createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
  return mathjs;
}
