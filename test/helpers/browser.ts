// Which Chromium the browser test drives, and what to do when there is none. A fresh machine with
// Node and the lockfile has no browser: the test is skipped there with a one-line notice. CI
// (.ci/run) installs Debian's chromium and sets TAOSIM_REQUIRE_BROWSER=1, so there a missing
// browser fails the test instead of skipping it.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Chromium is looked for, in order, after $TAOSIM_CHROMIUM. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export type BrowserVerdict =
  | { run: true; executable: string }
  | { run: false; required: false; notice: string }
  | { run: false; required: true; error: string };

export interface BrowserEnv {
  TAOSIM_CHROMIUM?: string;
  TAOSIM_REQUIRE_BROWSER?: string;
}

/** Playwright's own download (`npx playwright-core install chromium`), if one is there. */
function playwrightChromium(): string[] {
  try {
    return [chromium.executablePath()];
  } catch {
    return [];
  }
}

/**
 * The browser to use: $TAOSIM_CHROMIUM if set (and then only it), else the first candidate that
 * exists. None found: skip with a notice, or, when TAOSIM_REQUIRE_BROWSER=1, an error to fail with.
 */
export function findBrowser(
  env: BrowserEnv = process.env,
  exists: (path: string) => boolean = existsSync,
  candidates: string[] = [...CHROMIUM_CANDIDATES, ...playwrightChromium()],
): BrowserVerdict {
  const tried = env.TAOSIM_CHROMIUM ? [env.TAOSIM_CHROMIUM] : candidates;
  const found = tried.find(exists);
  if (found) return { run: true, executable: found };
  const where = `no Chromium at ${tried.join(', ')}`;
  if (env.TAOSIM_REQUIRE_BROWSER === '1') {
    return {
      run: false,
      required: true,
      error: `TAOSIM_REQUIRE_BROWSER=1 but ${where}: install it (apt-get install -y chromium) or point TAOSIM_CHROMIUM at one`,
    };
  }
  return {
    run: false,
    required: false,
    notice: `taosim: browser test skipped: ${where} (apt-get install -y chromium, or set TAOSIM_CHROMIUM; CI sets TAOSIM_REQUIRE_BROWSER=1 and never skips)`,
  };
}
