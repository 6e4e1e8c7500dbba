import { afterEach, describe, expect, it } from 'vitest';
import { startNearView } from '../../entrypoints/content/view-start';

/** The text node the browser would find at the top of the view. */
function caretAt(node: Node | null): void {
  Object.defineProperty(document, 'caretPositionFromPoint', {
    configurable: true,
    value: () => (node ? { offsetNode: node, offset: 0 } : null),
  });
}

function paragraphs(count: number, chars = 100): HTMLParagraphElement[] {
  document.body.innerHTML = Array.from({ length: count }, () => `<p>${'x'.repeat(chars)}</p>`).join(
    '',
  );
  return [...document.body.querySelectorAll('p')];
}

describe('startNearView: where a walk for a reader who moved on begins', () => {
  afterEach(() => {
    Reflect.deleteProperty(document, 'caretPositionFromPoint');
    document.body.replaceChildren();
  });

  it('begins a little above the text at the top of the view', () => {
    const all = paragraphs(100);
    caretAt(all[80]?.firstChild ?? null);
    // 1,000 characters back: ten paragraphs of 100.
    expect(startNearView(document.body, 1000)).toBe(all[70]);
  });

  it('begins at the start of the page when the view is near it', () => {
    const all = paragraphs(100);
    caretAt(all[5]?.firstChild ?? null);
    expect(startNearView(document.body, 1000)).toBeNull();
  });

  it('begins at the start when nothing of the page is at the top of the view', () => {
    paragraphs(10);
    caretAt(null);
    expect(startNearView(document.body, 100)).toBeNull();
    const outside = document.createElement('div');
    outside.textContent = 'not in the page';
    caretAt(outside.firstChild);
    expect(startNearView(document.body, 100)).toBeNull();
  });
});
