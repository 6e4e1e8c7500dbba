import { describe, expect, it } from 'vitest';
import { escapeHtml, parseTextBlocks, renderTextPage } from '../../scripts/text-page.ts';

describe('text pages for the demo server', () => {
  it('escapes every character that could start markup', () => {
    expect(escapeHtml(`<b class="x">Tom & Jerry's</b>`)).toBe(
      '&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;',
    );
  });

  it('turns bullets into lists, short lines into headings and the rest into paragraphs', () => {
    const text = [
      'Tests for secondary liver cancer',
      '',
      'You may have a scan. It shows the liver.',
      'Other symptoms include',
      '  • Feeling sick',
      '  • A swollen abdomen',
      '- Jaundice',
      '',
      'What is (are) Colon Cancer ?',
      'Is it painful?',
    ].join('\n');
    expect(parseTextBlocks(text)).toEqual([
      { kind: 'heading', text: 'Tests for secondary liver cancer' },
      { kind: 'paragraph', text: 'You may have a scan. It shows the liver.' },
      { kind: 'paragraph', text: 'Other symptoms include' },
      { kind: 'list', items: ['Feeling sick', 'A swollen abdomen', 'Jaundice'] },
      { kind: 'heading', text: 'What is (are) Colon Cancer ?' },
      { kind: 'paragraph', text: 'Is it painful?' },
    ]);
  });

  it('renders the first line as the title and the attribution in the footer, all escaped', () => {
    const html = renderTextPage({
      text: 'A <script> title\n\nBody with <img src=x onerror=alert(1)> & more.',
      attribution: ['Source: "Someone" <2015>'],
    });
    expect(html).toContain('<title>A &lt;script&gt; title</title>');
    expect(html).toContain('<h1>A &lt;script&gt; title</h1>');
    expect(html).toContain('<p>Body with &lt;img src=x onerror=alert(1)&gt; &amp; more.</p>');
    expect(html).toContain('<footer>\n<p>Source: &quot;Someone&quot; &lt;2015&gt;</p>\n</footer>');
    expect(html).not.toMatch(/<script|<img/);
  });
});
