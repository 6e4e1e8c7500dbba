/**
 * Reads a page's text as blocks: runs of text nodes that a term may span (across `<b>`, `<a>`, `<span>`…) but never
 * leave (paragraphs, list items, cells, headings, line breaks). Reads the DOM, never writes it.
 */
import { UI_HOST_TAG } from './constants';

export type BlockContainer = Element | ShadowRoot;

export interface TextBlock {
  /** The nearest block element holding the text (or the shadow root, for text directly inside one). */
  container: BlockContainer;
  /** The text nodes in document order, read as one continuous text. */
  nodes: Text[];
}

/**
 * Elements whose text is never read, with everything inside them. Both cases: SVG and MathML elements keep their
 * lower-case names in HTML documents, and XHTML pages use lower case for everything.
 */
const SKIPPED_NAMES = [
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'VAR',
  'SVG',
  'MATH',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
  UI_HOST_TAG.toUpperCase(),
];
export const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set([
  ...SKIPPED_NAMES,
  ...SKIPPED_NAMES.map((name) => name.toLowerCase()),
]);

/** Elements that start and end a run of text: a term never crosses them. */
const BLOCK_NAMES = [
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'BR',
  'CAPTION',
  'CENTER',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'HTML',
  'IMG',
  'LABEL',
  'LEGEND',
  'LI',
  'MAIN',
  'MENU',
  'NAV',
  'OL',
  'P',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
];
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  ...BLOCK_NAMES,
  ...BLOCK_NAMES.map((name) => name.toLowerCase()),
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_FRAGMENT_NODE = 11;

function isEditable(element: Element): boolean {
  const value = element.getAttribute('contenteditable');
  return value !== null && value.toLowerCase() !== 'false';
}

/** True when the element's own kind means its text is never read (not looking at its ancestors). */
export function isSkippedElement(element: Element): boolean {
  return SKIPPED_ELEMENTS.has(element.nodeName) || isEditable(element);
}

function isBoundary(element: Element): boolean {
  // A shadow host's light children are slotted wherever its shadow tree says: treat it as a block.
  return BLOCK_ELEMENTS.has(element.nodeName) || element.shadowRoot !== null;
}

/**
 * The block a changed node belongs to, or null when the node is inside an element we never read (or is not in a
 * document or shadow root at all). Walks every ancestor, so use it for the few nodes a mutation names, not in a
 * page-wide loop.
 */
export function blockContainerOf(node: Node): BlockContainer | null {
  if (!node.isConnected) return null;
  let container: BlockContainer | null = null;
  let current: Node | null = node.nodeType === ELEMENT_NODE ? node : node.parentNode;
  while (current) {
    if (current.nodeType === DOCUMENT_FRAGMENT_NODE) {
      return (container ?? (isShadowRoot(current) ? current : null)) as BlockContainer | null;
    }
    if (current.nodeType !== ELEMENT_NODE) break;
    const element = current as Element;
    if (isSkippedElement(element)) return null;
    if (container === null && isBoundary(element)) container = element;
    current = element.parentNode;
  }
  return container;
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === DOCUMENT_FRAGMENT_NODE && 'host' in node;
}

function hasNonSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 32 && code !== 160) return true;
  }
  return false;
}

export function isRendered(container: BlockContainer): boolean {
  const element = isShadowRoot(container) ? container.host : container;
  // checkVisibility: display:none (and inside it), content-visibility:hidden, closed <details>; plus visibility.
  return typeof element.checkVisibility === 'function'
    ? element.checkVisibility({ visibilityProperty: true })
    : true;
}

const MAX_REMEMBERED_PARENTS = 4096;

export interface CollectorOptions {
  /** Called for each open shadow root met on the way; its text is read by a walk of its own. */
  onShadowRoot?: (root: ShadowRoot) => void;
  /** Begin the walk at this node of the root (a block element), not at the root's start. */
  start?: Node;
}

/**
 * Walks one subtree (a page's body, a shadow root, or a block that changed) in slices. The skip checks are done in
 * the loop on `nodeName` rather than in a NodeFilter callback, which costs several times more on big pages. Whether
 * text is rendered is not asked here (it needs style): the scanner asks it only of blocks that hold a term.
 */
export class BlockCollector {
  readonly blocks: TextBlock[] = [];
  /** Elements walked so far (skipped subtrees not counted). */
  elements = 0;
  /** Nodes walked so far, elements and text (skipped subtrees not counted). */
  visited = 0;
  private readonly walker: TreeWalker;
  private readonly containers = new Map<Node, BlockContainer>();
  private next: Node | null;
  private current: TextBlock | null = null;
  private breakRun = true;
  /** The walk met a node that had been removed from the page between slices, so part may have been missed. */
  lostPlace = false;

  constructor(
    private readonly root: BlockContainer,
    private readonly options: CollectorOptions = {},
  ) {
    const doc = root.ownerDocument ?? (root as unknown as Document);
    // 0x1 | 0x4: SHOW_ELEMENT | SHOW_TEXT (elements are needed to skip subtrees and to find shadow roots).
    this.walker = doc.createTreeWalker(root, 0x1 | 0x4);
    if (options.start) this.walker.currentNode = options.start;
    this.next = options.start ?? this.walker.nextNode();
  }

  /** Where the walk goes on from (null once it is over). */
  get nextNode(): Node | null {
    return this.next;
  }

  get done(): boolean {
    return this.next === null;
  }

  /** Forgets the first `count` blocks (already handled by the caller), so that their nodes are not kept alive. */
  dropBlocks(count: number): void {
    this.blocks.splice(0, count);
  }

  /**
   * Reads nodes until the walk is over (returns true), `deadline` (a `performance.now()` time) has passed or about
   * `limit` nodes have been read.
   */
  step(deadline: number, limit = Number.POSITIVE_INFINITY): boolean {
    const walker = this.walker;
    let node = this.next;
    if (node && !node.isConnected) {
      this.lostPlace = true;
      node = null;
    }
    let count = 0;
    while (node) {
      if (node.nodeType === TEXT_NODE) {
        this.addText(node as Text);
        node = walker.nextNode();
      } else {
        const element = node as Element;
        this.elements++;
        if (isSkippedElement(element)) {
          this.breakRun = true;
          node = this.skipChildren();
          continue;
        }
        if (isBoundary(element)) {
          this.breakRun = true;
          const shadow = element.shadowRoot;
          if (shadow) this.options.onShadowRoot?.(shadow);
        }
        node = walker.nextNode();
      }
      if ((++count & 127) === 0 && (performance.now() > deadline || count >= limit)) break;
    }
    this.visited += count;
    this.next = node;
    return node === null;
  }

  private addText(text: Text): void {
    const parent = text.parentNode;
    if (!parent) return;
    const container = this.containerOf(parent);
    if (this.breakRun || this.current === null || this.current.container !== container) {
      if (!hasNonSpace(text.data)) return;
      this.breakRun = false;
      this.current = { container, nodes: [text] };
      this.blocks.push(this.current);
      return;
    }
    this.current.nodes.push(text);
  }

  /** The block of an already-walked parent, memoised: each element is looked up once. */
  private containerOf(parent: Node): BlockContainer {
    const cached = this.containers.get(parent);
    if (cached) return cached;
    const path: Node[] = [];
    let current: Node | null = parent;
    let found: BlockContainer | undefined;
    while (current) {
      const known = this.containers.get(current);
      if (known) {
        found = known;
        break;
      }
      if (current.nodeType !== ELEMENT_NODE) {
        found = isShadowRoot(current) ? current : (this.root as BlockContainer);
        break;
      }
      if (current === this.root || isBoundary(current as Element)) {
        found = current as Element;
        break;
      }
      path.push(current);
      current = current.parentNode;
    }
    const result = found ?? this.root;
    // A memo, not a record: kept small so that it does not keep a wrapper of every element of a big page alive
    // (each one is more work for every garbage collection while the walk goes on).
    if (this.containers.size > MAX_REMEMBERED_PARENTS) this.containers.clear();
    this.containers.set(parent, result);
    for (const node of path) this.containers.set(node, result);
    return result;
  }

  /** Moves past the current node's subtree; returns the next node or null at the end of the root. */
  private skipChildren(): Node | null {
    const walker = this.walker;
    for (;;) {
      const sibling = walker.nextSibling();
      if (sibling) return sibling;
      const parent = walker.parentNode();
      if (!parent || parent === this.root) return null;
    }
  }
}

/** Reads a whole subtree at once (tests, small rescans). */
export function collectBlocks(root: BlockContainer, options: CollectorOptions = {}): TextBlock[] {
  const collector = new BlockCollector(root, options);
  collector.step(Number.POSITIVE_INFINITY);
  return collector.blocks;
}
