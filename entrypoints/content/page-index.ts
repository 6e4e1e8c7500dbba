/**
 * The terms placed on the page: by block (so a changed block's terms can be dropped and rebuilt), by text node (for
 * hit-testing a click) and in document order (for next / previous and the popup's list).
 */
import type { BlockContainer, TextBlock } from './text-blocks';

export interface PageTerm {
  range: StaticRange;
  entryId: string;
  /** The text as written on the page. */
  text: string;
  block: TextBlock;
}

/** Offsets of the part of `term` that lies in `node` (one of the block's text nodes). */
export function offsetsInNode(term: PageTerm, node: Text): { start: number; end: number } {
  const { range } = term;
  return {
    start: range.startContainer === node ? range.startOffset : 0,
    end: range.endContainer === node ? range.endOffset : node.data.length,
  };
}

function topLevelNode(node: Node): Node {
  let current = node;
  for (;;) {
    const root = current.getRootNode();
    if (!('host' in root)) return current;
    current = (root as ShadowRoot).host;
  }
}

/** Document order, with text in a shadow root placed where its host is. */
export function compareNodes(a: Node, b: Node): number {
  if (a === b) return 0;
  let x = a;
  let y = b;
  if (x.getRootNode() !== y.getRootNode()) {
    x = topLevelNode(x);
    y = topLevelNode(y);
    if (x === y) return 0;
  }
  const position = x.compareDocumentPosition(y);
  if (position & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
  if (position & Node.DOCUMENT_POSITION_PRECEDING) return 1;
  return 0;
}

export class PageIndex {
  private readonly byBlock = new Map<TextBlock, PageTerm[]>();
  private readonly byNode = new Map<Text, PageTerm[]>();
  private count = 0;
  private order: PageTerm[] | null = null;

  get size(): number {
    return this.count;
  }

  get blockCount(): number {
    return this.byBlock.size;
  }

  /** Adds a block's terms (given in text order); the index keeps the array. */
  add(block: TextBlock, terms: PageTerm[]): void {
    if (terms.length === 0) return;
    this.byBlock.set(block, terms);
    const { nodes } = block;
    for (const term of terms) {
      const { startContainer, endContainer } = term.range;
      // Most terms lie in one text node: no search of the block's nodes for those.
      if (startContainer === endContainer) {
        this.addAt(startContainer as Text, term);
        continue;
      }
      const first = nodes.indexOf(startContainer as Text);
      const last = first < 0 ? -1 : nodes.indexOf(endContainer as Text, first);
      for (let i = first; i >= 0 && i <= last; i++) this.addAt(nodes[i] as Text, term);
    }
    this.count += terms.length;
    this.order = null;
  }

  private addAt(node: Text, term: PageTerm): void {
    const list = this.byNode.get(node);
    if (list) list.push(term);
    else this.byNode.set(node, [term]);
  }

  /**
   * Drops the terms of every block for which `test` is true, oldest block first, until at least `limit` terms are
   * dropped; returns them (to unpaint).
   */
  removeBlocks(test: (block: TextBlock) => boolean, limit = Number.POSITIVE_INFINITY): PageTerm[] {
    const removed: PageTerm[] = [];
    for (const [block, terms] of this.byBlock) {
      if (removed.length >= limit) break;
      if (!test(block)) continue;
      this.byBlock.delete(block);
      for (const node of block.nodes) this.byNode.delete(node);
      removed.push(...terms);
    }
    if (removed.length > 0) {
      this.count -= removed.length;
      this.order = null;
    }
    return removed;
  }

  /** Drops the terms of blocks inside any of `containers` (or equal to one), and of blocks no longer on the page. */
  removeWithin(containers: readonly BlockContainer[]): PageTerm[] {
    // Up each block's ancestors against a set, not `contains` against every container: a page that appends a
    // hundred blocks at a time would otherwise cost (blocks on the page) × (blocks added) calls per rescan.
    const within = new Set<Node>(containers);
    return this.removeBlocks((block) => {
      const owner = block.container;
      if (!owner.isConnected || !(block.nodes[0]?.isConnected ?? false)) return true;
      // parentNode stops at a shadow root, as `contains` does.
      for (let node: Node | null = owner; node; node = node.parentNode) {
        if (within.has(node)) return true;
      }
      return false;
    });
  }

  clear(): PageTerm[] {
    return this.removeBlocks(() => true);
  }

  /** The terms that cover part of this text node. */
  termsAt(node: Text): readonly PageTerm[] {
    return this.byNode.get(node) ?? [];
  }

  blocks(): IterableIterator<TextBlock> {
    return this.byBlock.keys();
  }

  /** The terms of one block, in text order. */
  termsOf(block: TextBlock): readonly PageTerm[] {
    return this.byBlock.get(block) ?? [];
  }

  /** Every term in document order (sorted once per change, by block). */
  ordered(): readonly PageTerm[] {
    if (this.order) return this.order;
    const blocks = [...this.byBlock.keys()].filter((block) => block.nodes.length > 0);
    blocks.sort((a, b) => compareNodes(a.nodes[0] as Text, b.nodes[0] as Text));
    this.order = blocks.flatMap((block) => this.byBlock.get(block) ?? []);
    return this.order;
  }
}
