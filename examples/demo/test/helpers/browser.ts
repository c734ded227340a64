// Debian's chromium, driven by playwright-core (which never downloads a browser of its own).
// Without chromium the browser tests are skipped with the reason, unless UKETORI_REQUIRE_BROWSER is
// set (CI sets it), in which case they fail.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => typeof p === 'string');

/** The chromium executable, or `undefined`. */
export const chromiumPath: string | undefined = CANDIDATES.find((path) => existsSync(path));

/** Why the browser tests cannot run here, or `undefined` when they can. */
export const browserMissing: string | undefined =
  chromiumPath === undefined ? `no chromium at ${CANDIDATES.join(', ')} (apt-get install chromium)` : undefined;

if (browserMissing !== undefined && process.env['UKETORI_REQUIRE_BROWSER']) {
  throw new Error(`UKETORI_REQUIRE_BROWSER is set but ${browserMissing}`);
}

/** Launches headless chromium with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
