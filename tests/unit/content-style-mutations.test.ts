import { afterEach, describe, expect, it } from 'vitest';
import {
  CURRENT_HIGHLIGHT,
  TERMS_HIGHLIGHT,
  UI_HOST_TAG,
} from '../../entrypoints/content/constants';
import { highlightCss } from '../../entrypoints/content/highlight-style';
import { changesOf, outermost } from '../../entrypoints/content/mutations';

describe('highlightCss', () => {
  it('draws a dotted underline and a tint by default, and a distinct current mark', () => {
    const css = highlightCss({ style: 'both', colour: '#2b6cb0', revealed: false });
    expect(css).toContain(`::highlight(${TERMS_HIGHLIGHT})`);
    expect(css).toMatch(/text-decoration-style: dotted/);
    expect(css).toMatch(/background-color: color-mix\(in srgb, #2b6cb0 14%/);
    expect(css).toContain('prefers-color-scheme: dark');
    expect(css).toContain(`::highlight(${CURRENT_HIGHLIGHT})`);
  });

  it('follows the chosen style', () => {
    const underline = highlightCss({ style: 'underline', colour: '#000', revealed: false });
    expect(underline).not.toMatch(/14%/);
    const tint = highlightCss({ style: 'tint', colour: '#000', revealed: false });
    expect(tint.split(CURRENT_HIGHLIGHT)[0]).not.toMatch(/dotted/);
  });

  it('shows nothing but the current term until a shortcut is used, when asked', () => {
    const hidden = highlightCss({ style: 'off-until-shortcut', colour: '#000', revealed: false });
    expect(hidden).not.toContain(`::highlight(${TERMS_HIGHLIGHT})`);
    expect(hidden).toContain(`::highlight(${CURRENT_HIGHLIGHT})`);
    const shown = highlightCss({ style: 'off-until-shortcut', colour: '#000', revealed: true });
    expect(shown).toContain(`::highlight(${TERMS_HIGHLIGHT})`);
  });

  it('never writes anything but a hex colour into the sheet', () => {
    const css = highlightCss({
      style: 'both',
      colour: 'red; } body { display: none',
      revealed: false,
    });
    expect(css).not.toContain('display: none');
    expect(css).toContain('#2b6cb0');
  });
});

describe('changesOf', () => {
  afterEach(() => document.body.replaceChildren());

  async function recordsOf(change: () => void): Promise<MutationRecord[]> {
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((batch) => records.push(...batch));
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['class', 'style', 'hidden', 'open'],
    });
    change();
    await new Promise((resolve) => setTimeout(resolve, 0));
    records.push(...observer.takeRecords());
    observer.disconnect();
    return records;
  }

  it('names the block of edited text and of added nodes, and the restyled elements', async () => {
    document.body.innerHTML =
      '<div id="d"><p id="p">a <b>b</b></p></div><ul id="u"></ul><pre id="pre">x</pre>';
    const p = document.getElementById('p') as HTMLElement;
    const li = document.createElement('li');
    const records = await recordsOf(() => {
      ((p.querySelector('b') as HTMLElement).firstChild as Text).data = 'changed';
      document.getElementById('u')?.append(li);
      (document.getElementById('pre')?.firstChild as Text).data = 'ignored';
      document.getElementById('d')?.classList.add('open');
    });
    const changes = changesOf(records);
    expect(changes.containers).toEqual([p, li]);
    expect([...changes.restyled]).toEqual([document.getElementById('d')]);
  });

  it('names only the new blocks when blocks are appended between blocks (a growing feed)', async () => {
    document.body.innerHTML = '<div id="feed">\n<p>old liver</p>\n<p>old bile duct</p>\n</div>';
    const feed = document.getElementById('feed') as HTMLElement;
    const added = ['new one', 'new two'].map((text) => {
      const p = document.createElement('p');
      p.textContent = text;
      return p;
    });
    const records = await recordsOf(() => {
      const fragment = document.createDocumentFragment();
      fragment.append(added[0] as HTMLElement, '\n', added[1] as HTMLElement);
      feed.append(fragment);
    });
    expect(changesOf(records).containers).toEqual(added);
  });

  it('names the parent block when a block splits a run of text, or when nodes are removed', async () => {
    document.body.innerHTML = '<div id="a">liver <p id="old">x</p></div><div id="b">foo bar</div>';
    const a = document.getElementById('a') as HTMLElement;
    const b = document.getElementById('b') as HTMLElement;
    const records = await recordsOf(() => {
      document.getElementById('old')?.remove();
      b.firstChild?.after(document.createElement('p'));
    });
    expect(changesOf(records).containers).toEqual([a, b]);
    const inline = await recordsOf(() => a.append(document.createElement('b')));
    expect(changesOf(inline).containers).toEqual([a]);
    b.innerHTML = 'foo <span id="s"></span> bar';
    const intoInline = await recordsOf(() =>
      document.getElementById('s')?.append(document.createElement('div')),
    );
    expect(changesOf(intoInline).containers).toEqual([b]);
  });

  it('ignores our own host being added', async () => {
    const records = await recordsOf(() => {
      document.documentElement.append(document.createElement(UI_HOST_TAG));
    });
    expect(records.length).toBeGreaterThan(0);
    expect(changesOf(records).containers).toEqual([]);
    document.querySelector(UI_HOST_TAG)?.remove();
  });
});

describe('outermost', () => {
  it('keeps only containers not inside another', () => {
    document.body.innerHTML = '<div id="a"><p id="b"></p></div><p id="c"></p>';
    const [a, b, c] = ['a', 'b', 'c'].map((id) => document.getElementById(id) as HTMLElement);
    expect(outermost([b!, a!, c!])).toEqual([a, c]);
  });
});
