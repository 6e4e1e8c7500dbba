import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Card, NoticeCard } from '../../components/Card';
import { entry } from './content-fixtures';

let root: HTMLElement | null = null;

function mount(node: preact.ComponentChild): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}

afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

const ascites = entry('ascites', 'Ascites', {
  short: 'A build-up of fluid in the tummy.',
  more: 'It can make the tummy swell.',
  pronunciation: 'ass-EYE-teez',
});

describe('Card', () => {
  it('is a labelled dialog that shows the words as written, the headword and the definition', () => {
    const card = mount(<Card entry={ascites} surface="ascitic" credit="From a test pack." />);
    const dialog = card.querySelector('[role="dialog"]') as HTMLElement;
    const title = card.querySelector(
      `#${CSS.escape(dialog.getAttribute('aria-labelledby') as string)}`,
    );
    expect(title?.textContent).toContain('ascitic');
    expect(title?.textContent).toContain('Ascites');
    const described = card.querySelector(
      `#${CSS.escape(dialog.getAttribute('aria-describedby') as string)}`,
    );
    expect(described?.textContent).toBe('A build-up of fluid in the tummy.');
    expect(card.textContent).toContain('ass-EYE-teez');
    expect(card.textContent).toContain('From a test pack.');
  });

  it('does not repeat the headword when the page writes it the same way', () => {
    const card = mount(<Card entry={ascites} surface="ascites" credit="c" />);
    expect(card.querySelector('.mje-headword')).toBeNull();
  });

  it('shows "more" behind a toggle', () => {
    const card = mount(<Card entry={ascites} surface="Ascites" credit="c" />);
    const more = card.querySelector('.mje-more-text') as HTMLElement;
    const toggle = card.querySelector('.mje-more-toggle') as HTMLButtonElement;
    expect(more.hidden).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    return Promise.resolve().then(() => {
      expect((card.querySelector('.mje-more-text') as HTMLElement).hidden).toBe(false);
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
    });
  });

  it('offers related words as buttons, and read-aloud only with a voice', () => {
    const onRelated = vi.fn();
    const onSpeak = vi.fn();
    const card = mount(
      <Card
        entry={ascites}
        surface="Ascites"
        credit="c"
        related={[{ id: 'jaundice', term: 'jaundice' }]}
        onRelated={onRelated}
        onSpeak={onSpeak}
      />,
    );
    (card.querySelector('.mje-related-term') as HTMLButtonElement).click();
    expect(onRelated).toHaveBeenCalledWith('jaundice');
    (card.querySelector('.mje-speak') as HTMLButtonElement).click();
    expect(onSpeak).toHaveBeenCalledWith('Ascites');
    const silent = mount(<Card entry={ascites} surface="Ascites" credit="c" />);
    expect(silent.querySelector('.mje-speak')).toBeNull();
  });

  it('renders text from the data as text, never as HTML', () => {
    const hostile = entry('x', '<img src=x onerror=alert(1)>', {
      short: '<b>bold</b> & <script>s()</script>',
    });
    const card = mount(<Card entry={hostile} surface="<i>x</i>" credit="<a href=x>c</a>" />);
    expect(card.querySelector('img, b, script, i, a')).toBeNull();
    expect(card.textContent).toContain('<b>bold</b> & <script>s()</script>');
  });

  it('closes from its button', () => {
    const onClose = vi.fn();
    const card = mount(<Card entry={ascites} surface="Ascites" credit="c" onClose={onClose} />);
    (card.querySelector('button[aria-label="Close"]') as HTMLButtonElement).click();
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('NoticeCard', () => {
  it('is a labelled dialog with its message', () => {
    const card = mount(<NoticeCard title="No glossary word found" message="Nothing here." />);
    const dialog = card.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-labelledby')).toBeTruthy();
    expect(card.textContent).toContain('Nothing here.');
  });
});
