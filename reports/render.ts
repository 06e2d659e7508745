// Vega-Lite spec → Vega → SVG text, headless and deterministic: no canvas (text widths come from
// a fixed font-metrics table, identical everywhere), and the SVG's internal ids (clip paths, gradients, which
// Vega numbers from process-wide counters) renumbered per chart, so the bytes do not depend on
// what was rendered before and many charts can share one HTML page.

import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from './chart.ts';
import { vegaTextWidth } from './text-width.ts';

// Measured text would depend on whether the optional `canvas` package and which fonts are installed.
(vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;

export interface Rendered {
  svg: string;
  /** What Vega-Lite and Vega warned about (a chart that rendered, but maybe not as meant). */
  warnings: string[];
}

function collectingLogger(warnings: string[], name: string): vega.LoggerInterface {
  let level = vega.Warn;
  const push = (...args: readonly unknown[]) => warnings.push(`chart ${name}: ${args.map(String).join(' ')}`);
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      push(...args);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      if (level >= vega.Warn) push(...args);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as vega.LoggerInterface;
}

export async function renderSvg(c: Chart): Promise<Rendered> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings, c.name);
  const { spec } = compile(c.spec, { logger });
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger });
  try {
    return { svg: renumberIds(await view.toSVG(), c.name), warnings };
  } finally {
    view.finalize();
  }
}

/** clip7, gradient_3, p_gradient_3 → <name>-1, <name>-2 … in order of first appearance. */
export function renumberIds(svg: string, name: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/(id="|url\(#|href="#)((?:p_)?(?:clip|gradient_)\d+)/g, (_, pre: string, id: string) => {
    if (!ids.has(id)) ids.set(id, `${name}-${ids.size + 1}`);
    return pre + ids.get(id)!;
  });
}
