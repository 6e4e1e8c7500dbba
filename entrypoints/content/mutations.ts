/**
 * Follows changes on the page (edited text, added or removed nodes, infinite scroll, single-page-app navigation,
 * blocks shown or hidden) and reports, debounced, the blocks that need a rescan.
 */
import { MUTATION_DEBOUNCE_MS, MUTATION_MAX_WAIT_MS, UI_HOST_TAG } from './constants';
import { BLOCK_ELEMENTS, blockContainerOf, type BlockContainer } from './text-blocks';

const HOST_NAME = UI_HOST_TAG.toUpperCase();
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export interface PageChanges {
  /** Blocks whose text or children changed, none inside another. */
  containers: BlockContainer[];
  /** Elements whose `class`, `style`, `hidden` or `open` changed (they may show or hide text). */
  restyled: Set<Element>;
}

const OBSERVED: MutationObserverInit = {
  subtree: true,
  childList: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['class', 'style', 'hidden', 'open'],
};

function isOurHost(node: Node): boolean {
  return node.nodeName === HOST_NAME;
}

/** Drops containers that lie inside another container of the list (their rescan is covered). */
export function outermost(containers: Iterable<BlockContainer>): BlockContainer[] {
  const set = new Set(containers);
  const result: BlockContainer[] = [];
  for (const container of set) {
    let ancestor: Node | null = container.parentNode;
    let covered = false;
    while (ancestor) {
      if (set.has(ancestor as BlockContainer)) {
        covered = true;
        break;
      }
      ancestor = ancestor.parentNode;
    }
    if (!covered) result.push(container);
  }
  return result;
}

function isBlank(node: Node): boolean {
  return node.nodeType === TEXT_NODE && !/\S/.test((node as Text).data);
}

function isBlockElement(node: Node): boolean {
  return (
    node.nodeType === ELEMENT_NODE &&
    (BLOCK_ELEMENTS.has(node.nodeName) || (node as Element).shadowRoot !== null)
  );
}

/** Text or inline content beside a node: a block put there splits a run of text of its parent. */
function isInlineNeighbour(node: Node | null): boolean {
  return node !== null && !isBlank(node) && !isBlockElement(node);
}

/**
 * The nodes whose blocks a childList record changed. Blocks (and blank text) added between blocks, as a feed or a
 * list grows, are read on their own, so a page that keeps appending does not have everything before them read
 * again each time; anything else (removals, text or inline elements, a block put inside a run of text or inside an
 * inline element) rescans the parent's block.
 */
function changedByChildList(record: MutationRecord): Node[] {
  // Inside an inline element (or with removals) the parent's runs of text may have changed.
  if (record.removedNodes.length > 0 || !isBlockElement(record.target)) return [record.target];
  const added = [...record.addedNodes];
  const betweenBlocks = added.every(
    (node) =>
      (isBlank(node) || isBlockElement(node)) &&
      !isInlineNeighbour(node.previousSibling) &&
      !isInlineNeighbour(node.nextSibling),
  );
  return betweenBlocks ? added.filter(isBlockElement) : [record.target];
}

/** The blocks that a batch of mutation records touches. */
export function changesOf(records: readonly MutationRecord[]): PageChanges {
  const touched = new Set<Node>();
  const restyled = new Set<Element>();
  for (const record of records) {
    if (record.type === 'attributes') {
      if (!isOurHost(record.target)) restyled.add(record.target as Element);
      continue;
    }
    if (record.type === 'childList') {
      const nodes = [...record.addedNodes, ...record.removedNodes];
      if (nodes.length > 0 && nodes.every(isOurHost)) continue;
      for (const node of changedByChildList(record)) if (!isOurHost(node)) touched.add(node);
      continue;
    }
    touched.add(record.target);
  }
  const containers = new Set<BlockContainer>();
  for (const node of touched) {
    const container = blockContainerOf(node);
    if (container) containers.add(container);
  }
  return { containers: outermost(containers), restyled };
}

export class MutationWatcher {
  private readonly observer: MutationObserver;
  private pending: MutationRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstAt = 0;

  constructor(private readonly onChanges: (changes: PageChanges) => void) {
    this.observer = new MutationObserver((records) => this.collect(records));
  }

  /** Changes are waiting to be reported. */
  get hasPending(): boolean {
    return this.timer !== undefined || this.pending.length > 0;
  }

  observe(root: Node): void {
    this.observer.observe(root, OBSERVED);
  }

  /** Reports what is pending at once. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const records = [...this.pending, ...this.observer.takeRecords()];
    this.pending = [];
    if (records.length === 0) return;
    this.onChanges(changesOf(records));
  }

  disconnect(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.observer.disconnect();
  }

  private collect(records: MutationRecord[]): void {
    for (const record of records) this.pending.push(record);
    const now = performance.now();
    if (this.timer === undefined) this.firstAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(
      0,
      Math.min(MUTATION_DEBOUNCE_MS, this.firstAt + MUTATION_MAX_WAIT_MS - now),
    );
    this.timer = setTimeout(() => this.flush(), wait);
  }
}
