import { beforeEach, describe, expect, it } from 'vitest';
import { UI_HOST_TAG } from '../../entrypoints/content/constants';
import {
  BlockCollector,
  blockContainerOf,
  collectBlocks,
  type TextBlock,
} from '../../entrypoints/content/text-blocks';

const texts = (blocks: readonly TextBlock[]) =>
  blocks.map((block) => block.nodes.map((n) => n.data).join(''));

beforeEach(() => {
  document.body.replaceChildren();
});

function page(html: string): HTMLElement {
  // Test fixtures are written as HTML for readability; the code under test never parses HTML.
  document.body.innerHTML = html;
  return document.body;
}

describe('collectBlocks', () => {
  it('reads a term across inline elements as one block, but never across blocks', () => {
    const body = page('<p>Her <b>meta</b><i>stases</i> grew.</p><p>Second <span>para</span></p>');
    expect(texts(collectBlocks(body))).toEqual(['Her metastases grew.', 'Second para']);
  });

  it('splits text at nested blocks, line breaks and headings', () => {
    const body = page(
      '<div>before <p>inside</p> after<br>next line</div><h2>Title</h2><ul><li>one</li><li>two</li></ul>',
    );
    expect(texts(collectBlocks(body))).toEqual([
      'before ',
      'inside',
      ' after',
      'next line',
      'Title',
      'one',
      'two',
    ]);
  });

  it('gives each block its nearest block element', () => {
    const body = page('<section><p id="p">a <em>b</em></p><td>c</td></section>');
    const blocks = collectBlocks(body);
    expect(blocks[0]?.container).toBe(document.getElementById('p'));
  });

  it('never reads skipped elements or anything inside them', () => {
    const body = page(
      [
        '<p>keep one</p>',
        '<script>jaundice()</script><style>.jaundice{}</style><noscript>jaundice</noscript>',
        '<textarea>jaundice</textarea><select><option>jaundice</option></select>',
        '<pre>jaundice <span>deep</span></pre><p>code: <code>jaundice</code> <kbd>k</kbd><samp>s</samp></p>',
        '<div contenteditable="true"><p>editable jaundice</p></div>',
        '<div contenteditable="false">keep two</div>',
        '<svg><text>jaundice</text></svg><math><mi>x</mi></math>',
        `<${UI_HOST_TAG}>ours</${UI_HOST_TAG}>`,
        '<template><p>jaundice</p></template>',
      ].join(''),
    );
    const read = texts(collectBlocks(body)).join('|');
    expect(read).not.toMatch(/jaundice|deep|editable|ours/);
    expect(read).toContain('keep one');
    expect(read).toContain('keep two');
    expect(read).toContain('code: ');
  });

  it('drops runs of white space only', () => {
    const body = page('<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>');
    expect(texts(collectBlocks(body))).toEqual(['a', 'b']);
  });

  it('hands open shadow roots over instead of reading them inline', () => {
    const body = page('<p>light</p><div id="host">slotted text</div>');
    const host = document.getElementById('host') as HTMLElement;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(document.createTextNode('shadow text'));
    const found: ShadowRoot[] = [];
    const blocks = collectBlocks(body, { onShadowRoot: (root) => found.push(root) });
    expect(found).toEqual([shadow]);
    expect(texts(blocks)).toEqual(['light', 'slotted text']);
    expect(texts(collectBlocks(shadow))).toEqual(['shadow text']);
    expect(collectBlocks(shadow)[0]?.container).toBe(shadow);
  });

  it('gives the same blocks when walked in many small slices', () => {
    const html = Array.from({ length: 400 }, (_, i) => `<p>para <b>${i}</b> end</p>`).join('');
    const body = page(html);
    const whole = texts(collectBlocks(body));
    const collector = new BlockCollector(body);
    let slices = 0;
    while (!collector.step(Number.NEGATIVE_INFINITY)) slices++;
    expect(slices).toBeGreaterThan(5);
    expect(texts(collector.blocks)).toEqual(whole);
  });
});

describe('blockContainerOf', () => {
  it('finds the nearest block of a changed node', () => {
    page('<p id="p">a <b id="b">bold</b></p>');
    const bold = document.getElementById('b') as Element;
    expect(blockContainerOf(bold.firstChild as Node)).toBe(document.getElementById('p'));
    expect(blockContainerOf(bold)).toBe(document.getElementById('p'));
  });

  it('returns null inside skipped elements and for detached nodes', () => {
    page('<pre><span id="s">x</span></pre><div contenteditable><p id="e">y</p></div>');
    expect(blockContainerOf(document.getElementById('s') as Element)).toBeNull();
    expect(blockContainerOf(document.getElementById('e') as Element)).toBeNull();
    expect(blockContainerOf(document.createElement('p'))).toBeNull();
  });
});
