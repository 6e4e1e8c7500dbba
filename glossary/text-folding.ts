/**
 * How one UTF-16 code unit of page text is read by the matcher: folded for comparison, and classed for
 * word boundaries. Both are cached per code unit, so the Unicode look-ups run once per distinct character.
 */

/** The code unit is invisible to matching: soft hyphens, zero-width characters, combining marks. */
export const FOLD_IGNORE = -1;
/** Whitespace of every kind and hyphens or dashes of every kind fold to one separator. */
export const FOLD_SEPARATOR = 0x20;
const APOSTROPHE = 0x27;

export const CharClass = {
  Unknown: 0,
  /** Letters and digits: a term must not start or end next to one. */
  Word: 1,
  NonWord: 2,
  /** Soft hyphens, zero-width characters and combining marks: skipped when looking for a boundary. */
  Transparent: 3,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/**
 * Scripts written without spaces between words: each of their characters stands alone, so a term may touch them
 * ("检查发现ascites和…", "CTスキャン"), as Unicode's word boundaries (UAX #29) allow.
 */
const UNSPACED_SCRIPT =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;
const MARK_OR_FORMAT = /^[\p{M}\p{Cf}]$/u;
const WHITESPACE = /^\s$/u;
const DASH = /^\p{Pd}$/u;
const APOSTROPHES = new Set([0x2018, 0x2019, 0x201b, 0x02bc, 0x2032, 0xff07]);

const classCache = new Uint8Array(0x10000);

function classify(code: number): CharClass {
  // Lone or paired surrogates are never letters here: astral letters are too rare in medical text to be
  // worth the pairing logic, and emoji (the common astral characters) are not letters.
  if (code >= 0xd800 && code <= 0xdfff) return CharClass.NonWord;
  const char = String.fromCharCode(code);
  if (UNSPACED_SCRIPT.test(char)) return CharClass.NonWord;
  if (LETTER_OR_DIGIT.test(char)) return CharClass.Word;
  if (MARK_OR_FORMAT.test(char)) return CharClass.Transparent;
  return CharClass.NonWord;
}

export function charClass(code: number): CharClass {
  let cls = classCache[code] as CharClass;
  if (cls === CharClass.Unknown) {
    cls = classify(code);
    classCache[code] = cls;
  }
  return cls;
}

/**
 * The code unit that `code` compares as: separators and apostrophes unified, diacritics dropped from Latin
 * letters (so NFC and NFD text read the same), lower-cased when `caseFold`.
 */
export function foldCode(code: number, caseFold: boolean): number {
  if (code < 0x80) {
    if (code === 0x2d || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return FOLD_SEPARATOR;
    if (caseFold && code >= 0x41 && code <= 0x5a) return code + 0x20;
    return code;
  }
  if (code >= 0xd800 && code <= 0xdfff) return code;
  if (APOSTROPHES.has(code)) return APOSTROPHE;
  if (code === 0x2212) return FOLD_SEPARATOR; // minus sign, used as a hyphen by some editors
  const char = String.fromCharCode(code);
  if (MARK_OR_FORMAT.test(char)) return FOLD_IGNORE;
  if (WHITESPACE.test(char) || DASH.test(char)) return FOLD_SEPARATOR;
  const decomposed = char.normalize('NFD');
  let folded = decomposed.length > 1 && decomposed.charCodeAt(0) < 0x80 ? decomposed : char;
  if (caseFold) folded = folded.toLowerCase();
  return folded.charCodeAt(0);
}

/** Folds a whole glossary form, collapsing separator runs and trimming them at the ends. */
export function foldForm(form: string, caseFold: boolean): number[] {
  const codes: number[] = [];
  for (let i = 0; i < form.length; i++) {
    const folded = foldCode(form.charCodeAt(i), caseFold);
    if (folded === FOLD_IGNORE) continue;
    if (
      folded === FOLD_SEPARATOR &&
      (codes.length === 0 || codes[codes.length - 1] === FOLD_SEPARATOR)
    )
      continue;
    codes.push(folded);
  }
  if (codes[codes.length - 1] === FOLD_SEPARATOR) codes.pop();
  return codes;
}
