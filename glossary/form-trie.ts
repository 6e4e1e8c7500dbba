import { CharClass, FOLD_IGNORE, FOLD_SEPARATOR, charClass, foldCode } from './text-folding';

const UNSEEN = -2;
const NONE = -1;
/** A node without an output, in the sealed trie's `outputs`. */
const NO_OUTPUT = 0xffff;
/** Outputs are stored in 16 bits, one value kept for "none". */
export const MAX_TRIE_OUTPUTS = NO_OUTPUT;

/** Per code unit of page text: what it folds to, filled as characters are first met; shared by all tries. */
const foldedAnyCase = new Int32Array(0x10000).fill(UNSEEN);
const foldedExactCase = new Int32Array(0x10000).fill(UNSEEN);

/**
 * A sealed trie as typed arrays, nodes numbered in breadth-first order with each node's children together and
 * sorted by code (so the children of node n are the nodes `childStart[n]` to `childStart[n + 1] - 1`):
 * what the build writes into the extension and a page reads back without building or decoding anything.
 */
export interface SerializedTrie {
  /** Per node, its first child; one more entry at the end. */
  childStart: Uint32Array;
  /** Per node, the folded code unit on the edge into it (the root's is unused). */
  codes: Uint16Array;
  /** Per node, the output of the form that ends there, or 0xffff. */
  outputs: Uint16Array;
}

/** A growable Int32Array: the trie is built in typed arrays so that compiling stays cheap on a cold start. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }
}

/**
 * A trie of folded glossary forms, walked over the original text from a word start. The walk folds each
 * code unit as it goes, so there is no normalised copy of the text and offsets stay in the original.
 *
 * Built in two steps: `add` forms (children kept as sibling lists), then `seal` packs the trie into
 * typed arrays (see SerializedTrie; a dense table at the root) for `longestAt`. A sealed trie's arrays are
 * what the build ships (`serialize`), and a page loads them as they are (`deserialize`).
 */
export class FormTrie {
  private readonly caseFold: boolean;
  private readonly foldedOf: Int32Array;

  // Build state: for each node its first child, next sibling, the code on the edge into it, and its output.
  private firstChild = new IntList(1024);
  private nextSibling = new IntList(1024);
  private codeInto = new IntList(1024);
  private output = new IntList(1024);

  // Sealed state (see SerializedTrie).
  /** Children of the root by code: dense, sized to the largest code a form starts with. */
  private rootTable: Int32Array = new Int32Array(0);
  private childStart: Uint32Array = new Uint32Array(1);
  private codes: Uint16Array = new Uint16Array(0);
  private outputs: Uint16Array = new Uint16Array(0);

  constructor(caseFold: boolean) {
    this.caseFold = caseFold;
    this.foldedOf = caseFold ? foldedAnyCase : foldedExactCase;
    this.newNode(NONE);
  }

  private newNode(code: number): number {
    this.firstChild.push(NONE);
    this.nextSibling.push(NONE);
    this.codeInto.push(code);
    return this.output.push(NONE);
  }

  private fold(code: number): number {
    let folded = this.foldedOf[code] as number;
    if (folded === UNSEEN) {
      folded = foldCode(code, this.caseFold);
      this.foldedOf[code] = folded;
    }
    return folded;
  }

  private childOrNew(node: number, code: number): number {
    let child = this.firstChild.data[node] as number;
    while (child !== NONE) {
      if (this.codeInto.data[child] === code) return child;
      child = this.nextSibling.data[child] as number;
    }
    child = this.newNode(code);
    this.nextSibling.data[child] = this.firstChild.data[node] as number;
    this.firstChild.data[node] = child;
    return child;
  }

  /**
   * Adds a form folded as page text is (separator runs collapsed, ends trimmed) unless an equal one is there
   * already; returns false when it was.
   */
  add(form: string, output: number): boolean {
    if (output < 0 || output >= MAX_TRIE_OUTPUTS)
      throw new Error(`a glossary trie holds at most ${MAX_TRIE_OUTPUTS} outputs`);
    let node = 0;
    let pendingSeparator = false;
    for (let i = 0; i < form.length; i++) {
      const folded = this.fold(form.charCodeAt(i));
      if (folded === FOLD_IGNORE) continue;
      if (folded === FOLD_SEPARATOR) {
        pendingSeparator = node !== 0;
        continue;
      }
      if (pendingSeparator) node = this.childOrNew(node, FOLD_SEPARATOR);
      pendingSeparator = false;
      node = this.childOrNew(node, folded);
    }
    if (node === 0 || this.output.data[node] !== NONE) return false;
    this.output.data[node] = output;
    return true;
  }

  /** Renumbers the nodes breadth first, children sorted by code, into the arrays of a SerializedTrie. */
  seal(): void {
    const nodeCount = this.output.length;
    const firstChild = this.firstChild.data;
    const nextSibling = this.nextSibling.data;
    const codeInto = this.codeInto.data;
    const output = this.output.data;
    const childStart = new Uint32Array(nodeCount + 1);
    const codes = new Uint16Array(nodeCount);
    const outputs = new Uint16Array(nodeCount);
    /** The build node of each sealed node, in breadth-first order. */
    const order = new Int32Array(nodeCount);
    let placed = 1;
    for (let node = 0; node < nodeCount; node++) {
      const built = order[node] as number;
      const first = placed;
      childStart[node] = first;
      for (
        let child = firstChild[built] as number;
        child !== NONE;
        child = nextSibling[child] as number
      ) {
        // Insertion sort by code: sibling lists are short, except the root's, which gets a dense table.
        let at = placed++;
        const code = codeInto[child] as number;
        while (at > first && (codes[at - 1] as number) > code) {
          codes[at] = codes[at - 1] as number;
          order[at] = order[at - 1] as number;
          at--;
        }
        codes[at] = code;
        order[at] = child;
      }
      const out = output[built] as number;
      outputs[node] = out === NONE ? NO_OUTPUT : out;
    }
    childStart[nodeCount] = placed;
    this.install({ childStart, codes, outputs });
    this.firstChild = this.nextSibling = this.codeInto = this.output = new IntList(1);
  }

  private install(trie: SerializedTrie): void {
    this.childStart = trie.childStart;
    this.codes = trie.codes;
    this.outputs = trie.outputs;
    const rootEnd = trie.childStart[1] ?? 1;
    let maxRootCode = 0;
    for (let child = 1; child < rootEnd; child++)
      maxRootCode = Math.max(maxRootCode, trie.codes[child] as number);
    this.rootTable = new Int32Array(maxRootCode + 1).fill(NONE);
    for (let child = 1; child < rootEnd; child++)
      this.rootTable[trie.codes[child] as number] = child;
  }

  /** The sealed trie's arrays (shared, not copied: they must not be changed). */
  serialize(): SerializedTrie {
    return { childStart: this.childStart, codes: this.codes, outputs: this.outputs };
  }

  /**
   * A sealed trie over `serialize`'s arrays, used as they are (nothing is built or decoded). With `keepOutput`,
   * outputs it refuses are dropped, as if their forms had never been added (on a copy of the outputs).
   */
  static deserialize(
    trie: SerializedTrie,
    caseFold: boolean,
    keepOutput?: (output: number) => boolean,
  ): FormTrie {
    let outputs = trie.outputs;
    if (keepOutput) {
      outputs = outputs.slice();
      for (let node = 0; node < outputs.length; node++) {
        const output = outputs[node] as number;
        if (output !== NO_OUTPUT && !keepOutput(output)) outputs[node] = NO_OUTPUT;
      }
    }
    const loaded = new FormTrie(caseFold);
    loaded.install({ childStart: trie.childStart, codes: trie.codes, outputs });
    return loaded;
  }

  /** False when no form can start with the code unit `code`: a check cheaper than a walk that ends at once. */
  mayStartWith(code: number): boolean {
    const folded = this.foldedOf[code] as number;
    return folded < 0 || (folded < this.rootTable.length && this.rootTable[folded] !== NONE);
  }

  /** The output of the form the last successful `longestAt` found (the index given to `add`). */
  lastOutput = NONE;
  /**
   * Where the last walk met its first code unit that does not fold to a lower-case ASCII letter or digit (or where
   * it stopped): the text from the walk's start to there is one word, which the caller need not read again.
   */
  lastPlainEnd = 0;

  /**
   * The end (exclusive) of the longest form that starts at `start` and ends at a word boundary, or -1; its
   * output is then in `lastOutput` (no object per hit: this runs at every word start of a page). Walks at most
   * as many code units as the longest form has, plus the separators and ignorable characters between them.
   */
  longestAt(text: string, start: number): number {
    // The hot loop of the extension: the trie's arrays are read through locals and the step is written out here.
    const foldedOf = this.foldedOf;
    const rootTable = this.rootTable;
    const childStart = this.childStart;
    const codes = this.codes;
    const outputs = this.outputs;
    const length = text.length;
    let node = 0;
    let bestEnd = -1;
    let bestOutput = NONE;
    let previousWasSeparator = false;
    let plainEnd = -1;
    let i = start;
    for (; i < length; i++) {
      const code = text.charCodeAt(i);
      let folded = foldedOf[code] as number;
      if (folded === UNSEEN) folded = this.fold(code);
      if (folded === FOLD_IGNORE) continue;
      if (plainEnd === -1 && (folded < 0x61 || folded > 0x7a) && (folded < 0x30 || folded > 0x39))
        plainEnd = i;
      const isSeparator = folded === FOLD_SEPARATOR;
      // Runs of spaces, dashes and line breaks read as one separator.
      if (isSeparator && previousWasSeparator) continue;
      previousWasSeparator = isSeparator;
      if (node === 0) {
        node = folded < rootTable.length ? (rootTable[folded] as number) : NONE;
      } else {
        let low = childStart[node] as number;
        let high = (childStart[node + 1] as number) - 1;
        node = NONE;
        while (low <= high) {
          const mid = (low + high) >> 1;
          const midCode = codes[mid] as number;
          if (midCode === folded) {
            node = mid;
            break;
          }
          if (midCode < folded) low = mid + 1;
          else high = mid - 1;
        }
      }
      if (node === NONE) break;
      const output = outputs[node] as number;
      if (output !== NO_OUTPUT && endsWord(text, i + 1)) {
        bestEnd = wordEnd(text, i + 1);
        bestOutput = output;
      }
    }
    this.lastPlainEnd = plainEnd === -1 ? i : plainEnd;
    if (bestEnd !== -1) this.lastOutput = bestOutput;
    return bestEnd;
  }
}

/** True when no letter or digit follows `end` (ignoring soft hyphens and other invisible characters). */
function endsWord(text: string, end: number): boolean {
  for (let i = end; i < text.length; i++) {
    const cls = charClass(text.charCodeAt(i));
    if (cls !== CharClass.Transparent) return cls !== CharClass.Word;
  }
  return true;
}

const COMBINING_MARK = /^\p{M}$/u;

/** Combining marks that follow the last letter belong to it (NFD text), so the match takes them in. */
function wordEnd(text: string, end: number): number {
  let i = end;
  while (i < text.length && text.charCodeAt(i) >= 0x300 && COMBINING_MARK.test(text.charAt(i))) i++;
  return i;
}
