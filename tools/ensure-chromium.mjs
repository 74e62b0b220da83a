// Browser tests drive Debian's Chromium; install it when this machine has none.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const found = process.env.CHROMIUM_PATH || CHROMIUM_PATHS.find((p) => existsSync(p));
if (found) {
  console.log(`chromium: ${found}`);
} else {
  console.log('chromium is missing: installing Debian\'s package (apt-get install chromium, and a CJK font for screenshots)');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq chromium fonts-wqy-zenhei`, { stdio: 'inherit' });
}
