/**
 * Finds the browsers that `npm run demo` and the browser tests drive, and installs Debian's packages when they
 * are missing and we may (Debian/Ubuntu, root). Never downloads a browser from anywhere else.
 *
 * CLI: `tsx scripts/browsers.ts` prints what it finds (exit 1 when something is missing);
 *      `tsx scripts/browsers.ts --ensure [chromium|firefox…]` also installs what is missing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type BrowserKind = 'chromium' | 'firefox';

export const BROWSER_KINDS: readonly BrowserKind[] = ['chromium', 'firefox'];

interface BrowserInfo {
  label: string;
  envVar: string;
  candidates: readonly string[];
  debianPackage: string;
}

const INFO: Record<BrowserKind, BrowserInfo> = {
  chromium: {
    label: 'Chromium',
    envVar: 'CHROME_PATH',
    candidates: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    ],
    debianPackage: 'chromium',
  },
  firefox: {
    label: 'Firefox',
    envVar: 'FIREFOX_PATH',
    candidates: [
      '/usr/bin/firefox-esr',
      '/usr/bin/firefox',
      '/Applications/Firefox.app/Contents/MacOS/firefox',
      'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
    ],
    debianPackage: 'firefox-esr',
  },
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's executable, or undefined. An explicit environment variable wins and must point to a program. */
export function findBrowser(kind: BrowserKind): string | undefined {
  const info = INFO[kind];
  const fromEnv = process.env[info.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(
        `${info.envVar}=${fromEnv} is not an executable file. Fix or unset ${info.envVar}.`,
      );
    }
    return fromEnv;
  }
  return info.candidates.find(isExecutable);
}

function isDebianLike(): boolean {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
}

function canInstallWithApt(): boolean {
  return (
    process.platform === 'linux' &&
    isDebianLike() &&
    process.getuid?.() === 0 &&
    spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  );
}

function missingMessage(kinds: readonly BrowserKind[]): string {
  const lines = kinds.map((kind) => {
    const info = INFO[kind];
    return (
      `  ${info.label}: not found (looked at $${info.envVar}, ${info.candidates.join(', ')}).\n` +
      `    On Debian/Ubuntu install it with:  sudo apt-get install -y ${info.debianPackage}\n` +
      `    Elsewhere install ${info.label} and set ${info.envVar}=/path/to/the/browser`
    );
  });
  return `Missing browser(s):\n${lines.join('\n')}`;
}

function run(command: string, args: readonly string[]): void {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${String(result.status)}).`);
  }
}

/** What ensureBrowsers does to the machine; replaced in tests. */
export interface BrowserSystem {
  find(kind: BrowserKind): string | undefined;
  canInstallWithApt(): boolean;
  run(command: string, args: readonly string[]): void;
  log(message: string): void;
}

const REAL_SYSTEM: BrowserSystem = {
  find: findBrowser,
  canInstallWithApt,
  run,
  log: (message) => console.log(message),
};

/**
 * Returns the executable of each browser, installing Debian's packages for the missing ones when this is a
 * Debian-like machine and we are root; otherwise throws with exactly what to install.
 */
export function ensureBrowsers(
  kinds: readonly BrowserKind[],
  system: BrowserSystem = REAL_SYSTEM,
): Record<BrowserKind, string> {
  const missing = kinds.filter((kind) => system.find(kind) === undefined);
  if (missing.length > 0) {
    if (!system.canInstallWithApt()) throw new Error(missingMessage(missing));
    const packages = missing.map((kind) => INFO[kind].debianPackage);
    system.log(`Installing Debian's ${packages.join(' and ')} with apt-get:`);
    try {
      system.run('apt-get', ['update']);
      system.run('apt-get', ['install', '-y', ...packages]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason}\n${missingMessage(missing)}`);
    }
    const stillMissing = missing.filter((kind) => system.find(kind) === undefined);
    if (stillMissing.length > 0) throw new Error(missingMessage(stillMissing));
  }
  const found: Partial<Record<BrowserKind, string>> = {};
  for (const kind of kinds) found[kind] = system.find(kind);
  return found as Record<BrowserKind, string>;
}

/** One browser's executable, installed first if need be (see ensureBrowsers). */
export function ensureBrowser(kind: BrowserKind): string {
  return ensureBrowsers([kind])[kind];
}

function versionOf(path: string): string {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return (result.stdout ?? '').trim() || 'version unknown';
}

function main(argv: readonly string[]): number {
  const ensure = argv.includes('--ensure');
  const named = argv.filter((arg): arg is BrowserKind => (BROWSER_KINDS as string[]).includes(arg));
  const kinds = named.length > 0 ? named : BROWSER_KINDS;
  try {
    if (ensure) ensureBrowsers(kinds);
    const missing = kinds.filter((kind) => findBrowser(kind) === undefined);
    if (missing.length > 0) {
      console.error(missingMessage(missing));
      console.error(
        'Run `npx tsx scripts/browsers.ts --ensure` as root on Debian/Ubuntu to install them.',
      );
      return 1;
    }
    for (const kind of kinds) {
      const path = findBrowser(kind) as string;
      console.log(`${INFO[kind].label}: ${path} (${versionOf(path)})`);
    }
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
