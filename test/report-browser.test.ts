// The report as a reader sees it: report.html opened in headless Chromium, offline. Every chart
// must draw marks, the page must log no error and fetch nothing. Needs a Chromium (Debian's
// `chromium`, see helpers/browser.ts): without one the browser cases are skipped with a one-line
// notice, unless TAOSIM_REQUIRE_BROWSER=1 (set by .ci/run), where they fail saying what is missing.
// The temporary directory (report and screenshot, report.png) is left for inspection; the browser
// profile is removed.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../reports/index.ts';
import { writeRunDirectory } from '../sim/output/index.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { runJobs } from '../sim/sweep/pool.ts';
import { planSweep } from '../sim/sweep/sweep-file.ts';
import { finalizeSweep, planText, runJobOf } from '../sim/sweep/sweep-results.ts';
import { CHROMIUM_CANDIDATES, findBrowser } from './helpers/browser.ts';

const browser = findBrowser();
if (!browser.run && !browser.required) console.warn(browser.notice);
/** The Chromium to launch; where TAOSIM_REQUIRE_BROWSER=1 and there is none, the case fails here. */
function chromiumPath(): string {
  if (browser.run) return browser.executable;
  throw new Error(browser.required ? browser.error : browser.notice);
}
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
    executablePath: chromiumPath(),
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
        const marks = [
          ...f.querySelectorAll(
            'svg g.role-mark path, svg g.role-mark rect, svg g.role-mark line, svg g.role-mark text',
          ),
        ];
        const drawn = marks.filter((m) => {
          const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return b.width > 0 || b.height > 0;
        });
        const box = f.querySelector('svg')!.getBoundingClientRect();
        return {
          id: f.id,
          drawn: drawn.length,
          width: box.width,
          height: box.height,
          caption: f.querySelector('figcaption')?.textContent ?? '',
        };
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
  await runJobs(
    plan.runs.map((r) => runJobOf(dir, r, 'collusion.json')),
    1,
  );
  writeFileSync(join(dir, 'plan.json'), planText(plan));
  finalizeSweep(dir, plan);
}

describe.skipIf(!browser.run && !browser.required)('report.html in a browser', () => {
  it('a run report: every chart drawn, no console errors or network requests', async () => {
    chromiumPath();
    const run = join(root, 'run');
    writeRun(run);
    const report = await buildReport(run);
    expect(report.charts.length).toBe(8);
    await checkInBrowser(report, 'run');
  });

  it('the collusion sweep report: heatmaps and replicate bands drawn', async () => {
    chromiumPath();
    const dir = join(root, 'collusion');
    await writeCollusionSweep(dir);
    const report = await buildReport(dir);
    expect(report.charts).toContain('sweep_cabal_miner_share_heatmap');
    await checkInBrowser(report, 'collusion');
  });
});

describe('which browser the test drives', () => {
  const none = () => false;
  it('a found Chromium runs the test; $TAOSIM_CHROMIUM, when set, is the only one tried', () => {
    expect(findBrowser({}, (p) => p === '/usr/bin/chromium-browser', CHROMIUM_CANDIDATES)).toEqual({
      run: true,
      executable: '/usr/bin/chromium-browser',
    });
    expect(findBrowser({ TAOSIM_CHROMIUM: '/opt/c' }, (p) => p === '/opt/c', CHROMIUM_CANDIDATES)).toEqual({
      run: true,
      executable: '/opt/c',
    });
    expect(findBrowser({ TAOSIM_CHROMIUM: '/opt/c' }, (p) => p === '/usr/bin/chromium', CHROMIUM_CANDIDATES).run).toBe(
      false,
    );
  });
  it('none found: skipped with a one-line notice naming where it looked', () => {
    const v = findBrowser({}, none, ['/usr/bin/chromium']);
    expect(v).toEqual({
      run: false,
      required: false,
      notice:
        'taosim: browser test skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set TAOSIM_CHROMIUM; CI sets TAOSIM_REQUIRE_BROWSER=1 and never skips)',
    });
  });
  it('none found with TAOSIM_REQUIRE_BROWSER=1 (CI): the browser cases fail with what is missing and how to fix it', () => {
    expect(findBrowser({ TAOSIM_REQUIRE_BROWSER: '1', TAOSIM_CHROMIUM: '/nowhere/chrome' }, none)).toEqual({
      run: false,
      required: true,
      error:
        'TAOSIM_REQUIRE_BROWSER=1 but no Chromium at /nowhere/chrome: install it (apt-get install -y chromium) or point TAOSIM_CHROMIUM at one',
    });
  });
});
