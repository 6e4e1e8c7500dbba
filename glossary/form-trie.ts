import {
  CharClass,
  FOLD_IGNORE,
  FOLD_SEPARATOR,
  charClass,
  foldCode,
  foldForm,
} from './text-folding';

const UNSEEN = -2;
/** A symbol not in any form: the walk stops there. */
const NOT_IN_ALPHABET = 0;
const NO_NODE = -1;

/** The longest form found by one walk: `end` is exclusive, `output` the index given to `add`. */
export interface TrieHit {
  end: number;
  output: number;
}

/**
 * A trie of folded glossary forms, walked over the original text from a word start. The walk folds each
 * code unit as it goes, so there is no normalised copy of the text and offsets stay in the original.
 *
 * Built in two steps: `add` forms, then `seal` packs the trie into typed arrays (a dense table at the root,
 * sorted edge lists below it), after which only `longestAt` is used.
 */
export class FormTrie {
  private readonly caseFold: boolean;
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly outputs: number[] = [-1];

  private alphabet = new Map<number, number>();
  private symbolOfCode = new Int16Array(0);
  private rootTable = new Int32Array(0);
  private edgeStart = new Int32Array(0);
  private edgeCount = new Int32Array(0);
  private edgeSymbol = new Int32Array(0);
  private edgeTarget = new Int32Array(0);
  private sealedOutputs = new Int32Array(0);
  private separatorSymbol = NOT_IN_ALPHABET;

  constructor(caseFold: boolean) {
    this.caseFold = caseFold;
  }

  /** Adds a form unless an equal one is there already; returns false when it was. */
  add(form: string, output: number): boolean {
    const codes = foldForm(form, this.caseFold);
    if (codes.length === 0) return false;
    let node = 0;
    for (const code of codes) {
      const links = this.children[node] as Map<number, number>;
      let next = links.get(code);
      if (next === undefined) {
        next = this.children.length;
        this.children.push(new Map());
        this.outputs.push(-1);
        links.set(code, next);
      }
      node = next;
    }
    if (this.outputs[node] !== -1) return false;
    this.outputs[node] = output;
    return true;
  }

  seal(): void {
    const alphabet = new Map<number, number>();
    for (const links of this.children) {
      for (const code of links.keys())
        if (!alphabet.has(code)) alphabet.set(code, alphabet.size + 1);
    }
    const nodeCount = this.children.length;
    let edges = 0;
    for (const links of this.children) edges += links.size;

    this.symbolOfCode = new Int16Array(0x10000).fill(UNSEEN);
    this.alphabet = alphabet;
    this.separatorSymbol = alphabet.get(FOLD_SEPARATOR) ?? NOT_IN_ALPHABET;
    this.rootTable = new Int32Array(alphabet.size + 1).fill(NO_NODE);
    this.edgeStart = new Int32Array(nodeCount);
    this.edgeCount = new Int32Array(nodeCount);
    this.edgeSymbol = new Int32Array(edges);
    this.edgeTarget = new Int32Array(edges);
    this.sealedOutputs = Int32Array.from(this.outputs);

    let cursor = 0;
    this.children.forEach((links, node) => {
      const sorted = [...links].map(([code, target]) => [alphabet.get(code) ?? 0, target] as const);
      sorted.sort((a, b) => a[0] - b[0]);
      this.edgeStart[node] = cursor;
      this.edgeCount[node] = sorted.length;
      for (const [symbol, target] of sorted) {
        if (node === 0) this.rootTable[symbol] = target;
        this.edgeSymbol[cursor] = symbol;
        this.edgeTarget[cursor] = target;
        cursor++;
      }
    });
    this.children.length = 0;
  }

  private symbolOf(code: number): number {
    let symbol = this.symbolOfCode[code] as number;
    if (symbol === UNSEEN) {
      const folded = foldCode(code, this.caseFold);
      symbol =
        folded === FOLD_IGNORE ? FOLD_IGNORE : (this.alphabet.get(folded) ?? NOT_IN_ALPHABET);
      this.symbolOfCode[code] = symbol;
    }
    return symbol;
  }

  private step(node: number, symbol: number): number {
    if (node === 0) return this.rootTable[symbol] as number;
    let low = this.edgeStart[node] as number;
    let high = low + (this.edgeCount[node] as number) - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const midSymbol = this.edgeSymbol[mid] as number;
      if (midSymbol === symbol) return this.edgeTarget[mid] as number;
      if (midSymbol < symbol) low = mid + 1;
      else high = mid - 1;
    }
    return NO_NODE;
  }

  /**
   * The longest form that starts at `start` and ends at a word boundary, or null. Walks at most as many
   * code units as the longest form has, plus the separators and ignorable characters between them.
   */
  longestAt(text: string, start: number): TrieHit | null {
    let node = 0;
    let best: TrieHit | null = null;
    let previousWasSeparator = false;
    for (let i = start; i < text.length; i++) {
      const symbol = this.symbolOf(text.charCodeAt(i));
      if (symbol === FOLD_IGNORE) continue;
      if (symbol === NOT_IN_ALPHABET) break;
      const isSeparator = symbol === this.separatorSymbol;
      // Runs of spaces, dashes and line breaks read as one separator.
      if (isSeparator && previousWasSeparator) continue;
      previousWasSeparator = isSeparator;
      node = this.step(node, symbol);
      if (node === NO_NODE) break;
      const output = this.sealedOutputs[node] as number;
      if (output !== -1 && endsWord(text, i + 1)) best = { end: wordEnd(text, i + 1), output };
    }
    return best;
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
  while (i < text.length && COMBINING_MARK.test(text.charAt(i))) i++;
  return i;
}
