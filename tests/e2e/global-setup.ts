import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser';

/** Fails early, with the fix, when Chromium is missing; builds the app the tests serve. */
export default function setup() {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's browser with ` +
        '`apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH.',
    );
  }
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
