import { describe, expect, it } from 'vitest';
import { ensureBrowsers, type BrowserKind, type BrowserSystem } from '../../scripts/browsers.ts';

/** A machine with some browsers, where apt-get "installs" the Debian packages it is asked for. */
function fakeSystem(installed: Partial<Record<BrowserKind, string>>, canInstall: boolean) {
  const commands: string[] = [];
  const system: BrowserSystem = {
    find: (kind) => installed[kind],
    canInstallWithApt: () => canInstall,
    run: (command, args) => {
      commands.push([command, ...args].join(' '));
      if (args[0] === 'install') {
        if (args.includes('chromium')) installed.chromium = '/usr/bin/chromium';
        if (args.includes('firefox-esr')) installed.firefox = '/usr/bin/firefox-esr';
      }
    },
    log: () => undefined,
  };
  return { system, commands };
}

describe('ensureBrowsers', () => {
  it('installs nothing when both browsers are there', () => {
    const { system, commands } = fakeSystem(
      { chromium: '/opt/chrome', firefox: '/usr/bin/firefox' },
      true,
    );
    expect(ensureBrowsers(['chromium', 'firefox'], system)).toEqual({
      chromium: '/opt/chrome',
      firefox: '/usr/bin/firefox',
    });
    expect(commands).toEqual([]);
  });

  it('installs only the missing Debian packages with apt-get on Debian as root', () => {
    const { system, commands } = fakeSystem({ chromium: '/usr/bin/chromium' }, true);
    expect(ensureBrowsers(['chromium', 'firefox'], system).firefox).toBe('/usr/bin/firefox-esr');
    expect(commands).toEqual(['apt-get update', 'apt-get install -y firefox-esr']);
  });

  it('says exactly what to install where it may not install', () => {
    const { system, commands } = fakeSystem({}, false);
    expect(() => ensureBrowsers(['chromium', 'firefox'], system)).toThrow(
      /sudo apt-get install -y chromium[\s\S]*CHROME_PATH[\s\S]*sudo apt-get install -y firefox-esr[\s\S]*FIREFOX_PATH/,
    );
    expect(commands).toEqual([]);
  });

  it('reports the browser still missing when apt-get did not provide it', () => {
    const { system } = fakeSystem({}, true);
    system.run = () => undefined;
    expect(() => ensureBrowsers(['firefox'], system)).toThrow(/Firefox: not found/);
  });
});
