// The report as a reader sees it: report.html opened in headless Chromium, offline. Every chart
// must draw marks, the page must log no error and fetch nothing. Needs Debian's `chromium`
// package (/usr/bin/chromium); CI installs it. The temporary directory (report and screenshot,
// report.png) is left for inspection; the browser profile is removed.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../reports/index.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { writeRunDirectory } from '../sim/output/index.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { planSweep } from '../sim/sweep/sweep-file.ts';
import { runJobs } from '../sim/sweep/pool.ts';
import { finalizeSweep, planText, runJobOf } from '../sim/sweep/sweep-results.ts';

const CHROMIUM = '/usr/bin/chromium';
const root = mkdtempSync(join(tmpdir(), 'taosim-report-browser-'));

/** A two-day run with economic miners, a copier and a cabal: every kind of run chart. */
function writeRun(dir: string): void {
  const sc = parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'browser',
      duration: { days: 2 },
      subnets: { count: 3, initialUids: 24, validators: 6 },
      stake: { validators: 6 },
      validators: { copiers: 1, attack: { model: 'cabal', validators: 1, ownMiners: 3, selfWeight: 1 } },
      miners: { model: 'economic' },
    },
    'inline',
  );
  const { tables } = runScenario(sc, 3);
  writeRunDirectory(dir, { scenario: { ...sc, seed: 3 }, seed: 3, tables });
}

/** Open a report in headless Chromium; every chart must draw marks, nothing may log an error or fetch. */
async function checkInBrowser(report: { out: string; charts: string[] }, name: string): Promise<void> {
  const context = await chromium.launchPersistentContext(join(root, `profile-${name}`), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(pathToFileURL(join(report.out, 'report.html')).href, { waitUntil: 'load' });

    // Per figure: its id and how many drawn mark elements (paths, rects, lines, symbols) have a size.
    const figures = await page.$$eval('figure.chart', (figs) =>
      figs.map((f) => {
        const marks = [...f.querySelectorAll('svg g.role-mark path, svg g.role-mark rect, svg g.role-mark line, svg g.role-mark text')];
        const drawn = marks.filter((m) => {
          const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return b.width > 0 || b.height > 0;
        });
        const box = f.querySelector('svg')!.getBoundingClientRect();
        return { id: f.id, drawn: drawn.length, width: box.width, height: box.height, caption: f.querySelector('figcaption')?.textContent ?? '' };
      }),
    );
    expect(figures.map((f) => f.id)).toEqual(report.charts.map((c) => `chart-${c}`));
    for (const f of figures) {
      expect(f.drawn, f.id).toBeGreaterThan(0);
      expect(f.width, f.id).toBeGreaterThan(200);
      expect(f.height, f.id).toBeGreaterThan(100);
      expect(f.caption.length, f.id).toBeGreaterThan(20);
    }
    const shot = join(root, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  } finally {
    await context.close();
    rmSync(join(root, `profile-${name}`), { recursive: true, force: true });
  }
}

/** The shipped collusion sweep, reduced (2 × 2 points, one replicate, 1500 blocks): heatmaps and bands. */
async function writeCollusionSweep(dir: string): Promise<void> {
  const sweep = JSON.parse(readFileSync('scenarios/sweeps/collusion.json', 'utf8'));
  sweep.scenario.duration = { blocks: 1500 };
  sweep.design.parameters = { 'validators.attack.validators': [1, 5], 'validators.attack.selfWeight': [0, 1] };
  sweep.replicates = 2;
  const plan = planSweep(sweep, 'collusion.json');
  await runJobs(plan.runs.map((r) => runJobOf(dir, r, 'collusion.json')), 1);
  writeFileSync(join(dir, 'plan.json'), planText(plan));
  finalizeSweep(dir, plan);
}

describe('report.html in a browser', () => {
  it('a run report: every chart drawn, no console errors or network requests', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package (apt-get install -y chromium) for this test`);
    }
    const run = join(root, 'run');
    writeRun(run);
    const report = await buildReport(run);
    expect(report.charts.length).toBe(8);
    await checkInBrowser(report, 'run');
  });

  it('the collusion sweep report: heatmaps and replicate bands drawn', async () => {
    const dir = join(root, 'collusion');
    await writeCollusionSweep(dir);
    const report = await buildReport(dir);
    expect(report.charts).toContain('sweep_cabal_miner_share_heatmap');
    await checkInBrowser(report, 'collusion');
  });
});
