import { CharClass, FOLD_IGNORE, FOLD_SEPARATOR, charClass, foldCode } from './text-folding';

const UNSEEN = -2;
const NONE = -1;
/** Serialised numbers are counted from the digit "0", and the root's code is a placeholder "^". */
const DIGIT_ZERO = 0x30;
const ROOT_CODE = 0x5e;

/** Per code unit of page text: what it folds to, filled as characters are first met; shared by all tries. */
const foldedAnyCase = new Int32Array(0x10000).fill(UNSEEN);
const foldedExactCase = new Int32Array(0x10000).fill(UNSEEN);

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
 * typed arrays (a dense table at the root, edge lists sorted by code below it) for `longestAt`. A sealed
 * trie can be serialised to a string at build time and loaded in a fraction of the time building takes.
 */
export class FormTrie {
  private readonly caseFold: boolean;
  private readonly foldedOf: Int32Array;

  // Build state: for each node its first child, next sibling, the code on the edge into it, and its output.
  private firstChild = new IntList(1024);
  private nextSibling = new IntList(1024);
  private codeInto = new IntList(1024);
  private output = new IntList(1024);

  // Sealed state.
  /** Children of the root by code: dense, sized to the largest code a form starts with. */
  private rootTable: Int32Array = new Int32Array(0);
  private edgeStart: Int32Array = new Int32Array(0);
  private edgeCode: Int32Array = new Int32Array(0);
  private edgeTarget: Int32Array = new Int32Array(0);
  private outputs: Int32Array = new Int32Array(0);

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

  seal(): void {
    const nodeCount = this.output.length;
    const firstChild = this.firstChild.data;
    const nextSibling = this.nextSibling.data;
    const codeInto = this.codeInto.data;
    const edgeStart = new Int32Array(nodeCount + 1);
    const edgeCode = new Int32Array(nodeCount);
    const edgeTarget = new Int32Array(nodeCount);
    let cursor = 0;
    for (let node = 0; node < nodeCount; node++) {
      edgeStart[node] = cursor;
      for (
        let child = firstChild[node] as number;
        child !== NONE;
        child = nextSibling[child] as number
      ) {
        // Insertion sort by code: sibling lists are short, except the root's, which gets a dense table.
        let at = cursor++;
        const code = codeInto[child] as number;
        while (at > (edgeStart[node] as number) && (edgeCode[at - 1] as number) > code) {
          edgeCode[at] = edgeCode[at - 1] as number;
          edgeTarget[at] = edgeTarget[at - 1] as number;
          at--;
        }
        edgeCode[at] = code;
        edgeTarget[at] = child;
      }
    }
    edgeStart[nodeCount] = cursor;
    this.install(edgeStart, edgeCode, edgeTarget, this.output.data.slice(0, nodeCount));
    this.firstChild = this.nextSibling = this.codeInto = this.output = new IntList(1);
  }

  private install(
    edgeStart: Int32Array,
    edgeCode: Int32Array,
    edgeTarget: Int32Array,
    outputs: Int32Array,
  ): void {
    this.edgeStart = edgeStart;
    this.edgeCode = edgeCode;
    this.edgeTarget = edgeTarget;
    this.outputs = outputs;
    const rootEnd = edgeStart[1] ?? 0;
    let maxRootCode = 0;
    for (let edge = 0; edge < rootEnd; edge++)
      maxRootCode = Math.max(maxRootCode, edgeCode[edge] as number);
    this.rootTable = new Int32Array(maxRootCode + 1).fill(NONE);
    for (let edge = 0; edge < rootEnd; edge++)
      this.rootTable[edgeCode[edge] as number] = edgeTarget[edge] as number;
  }

  /**
   * The sealed trie as a string of three code units a node, in breadth-first order: the code on the edge
   * into the node, its number of children, and its output + 1, both counted from "0" so that the string
   * stays printable (a third the size as JSON, and it compresses better). A node's children come together and sorted
   * by code, so loading needs neither sorting nor search.
   */
  serialize(): string {
    const parts = [serializedUnits(ROOT_CODE, this.childCount(0), this.outputs[0] as number)];
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (
        let edge = this.edgeStart[node] as number;
        edge < (this.edgeStart[node + 1] as number);
        edge++
      ) {
        const child = this.edgeTarget[edge] as number;
        parts.push(
          serializedUnits(
            this.edgeCode[edge] as number,
            this.childCount(child),
            this.outputs[child] as number,
          ),
        );
        queue.push(child);
      }
    }
    return parts.join('');
  }

  private childCount(node: number): number {
    return (this.edgeStart[node + 1] as number) - (this.edgeStart[node] as number);
  }

  /**
   * A sealed trie from `serialize`'s string: linear in its nodes, with no sorting. Outputs `keepOutput`
   * refuses are dropped, as if their forms had never been added.
   */
  static deserialize(
    data: string,
    caseFold: boolean,
    keepOutput: (output: number) => boolean = () => true,
  ): FormTrie {
    const nodeCount = data.length / 3;
    const edgeStart = new Int32Array(nodeCount + 1);
    const edgeCode = new Int32Array(nodeCount);
    const edgeTarget = new Int32Array(nodeCount);
    const outputs = new Int32Array(nodeCount);
    // In breadth-first order the children of each node are the next unclaimed nodes, and edge k leads to node k+1.
    let edge = 0;
    for (let node = 0; node < nodeCount; node++) {
      const output = data.charCodeAt(node * 3 + 2) - 1 - DIGIT_ZERO;
      outputs[node] = output !== NONE && keepOutput(output) ? output : NONE;
      edgeStart[node] = edge;
      const end = edge + data.charCodeAt(node * 3 + 1) - DIGIT_ZERO;
      for (; edge < end; edge++) {
        edgeCode[edge] = data.charCodeAt((edge + 1) * 3);
        edgeTarget[edge] = edge + 1;
      }
    }
    edgeStart[nodeCount] = edge;
    const trie = new FormTrie(caseFold);
    trie.install(edgeStart, edgeCode, edgeTarget, outputs);
    return trie;
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
    const edgeStart = this.edgeStart;
    const edgeCode = this.edgeCode;
    const edgeTarget = this.edgeTarget;
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
        let low = edgeStart[node] as number;
        let high = (edgeStart[node + 1] as number) - 1;
        node = NONE;
        while (low <= high) {
          const mid = (low + high) >> 1;
          const midCode = edgeCode[mid] as number;
          if (midCode === folded) {
            node = edgeTarget[mid] as number;
            break;
          }
          if (midCode < folded) low = mid + 1;
          else high = mid - 1;
        }
      }
      if (node === NONE) break;
      const output = outputs[node] as number;
      if (output !== NONE && endsWord(text, i + 1)) {
        bestEnd = wordEnd(text, i + 1);
        bestOutput = output;
      }
    }
    this.lastPlainEnd = plainEnd === -1 ? i : plainEnd;
    if (bestEnd !== -1) this.lastOutput = bestOutput;
    return bestEnd;
  }
}

function serializedUnits(code: number, children: number, output: number): string {
  const units = [code, children + DIGIT_ZERO, output + 1 + DIGIT_ZERO];
  // A lone surrogate would not survive the trip through a UTF-8 bundle.
  if (units.some((unit) => unit >= 0xd800 && unit <= 0xdfff))
    throw new Error('a glossary trie value falls in the surrogate range');
  return String.fromCharCode(...units);
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
