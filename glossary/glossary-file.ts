/**
 * The bundled glossary as one binary file (`glossary.bin` in the built extension): the two tries' typed arrays
 * and the entries' ids and packs. The content script reads it into one ArrayBuffer and uses the arrays in place,
 * as views on that buffer: nothing is decoded or built but the ids (one UTF-8 text split at line ends). No
 * definition is in it: the card asks the background for those.
 *
 * Layout, little-endian, every array at a multiple of its element size:
 *   header: 8 × u32: magic, format version, entries, packs, any-case nodes, exact-case nodes, UTF-8 bytes, 0
 *   u32 childStart (any case, nodes + 1), u32 childStart (exact case, nodes + 1)
 *   u16 codes, u16 outputs (any case), u16 codes, u16 outputs (exact case)
 *   u8 pack of each entry, u8 flags of each entry (1: its forms are everyday words, see `contextual`)
 *   UTF-8: the pack ids, then the entry ids, one a line
 */
import type { BundledGlossary } from './bundled-matcher';
import type { SerializedTrie } from './matcher';

/** "MJEG" read as a little-endian u32. */
const MAGIC = 0x47454a4d;
export const GLOSSARY_FILE_VERSION = 2;
const HEADER_WORDS = 8;

/** The file's path inside the built extension. */
export const GLOSSARY_FILE = 'glossary.bin';

export function encodeGlossaryFile(glossary: BundledGlossary): Uint8Array {
  const { anyCase, exactCase, ids, packIds, packOf, contextual } = glossary;
  for (const id of [...ids, ...packIds]) {
    if (id.includes('\n')) throw new Error(`an id with a line break: ${JSON.stringify(id)}`);
  }
  if (packOf.length !== ids.length) throw new Error('packOf and ids differ in length');
  const text = new TextEncoder().encode([...packIds, ...ids].join('\n'));
  const anyNodes = anyCase.codes.length;
  const exactNodes = exactCase.codes.length;
  const size =
    HEADER_WORDS * 4 +
    (anyNodes + 1 + exactNodes + 1) * 4 +
    (anyNodes + exactNodes) * 4 +
    ids.length * 2 +
    text.length;
  const buffer = new ArrayBuffer(size);
  new Uint32Array(buffer, 0, HEADER_WORDS).set([
    MAGIC,
    GLOSSARY_FILE_VERSION,
    ids.length,
    packIds.length,
    anyNodes,
    exactNodes,
    text.length,
    0,
  ]);
  let offset = HEADER_WORDS * 4;
  const put = (array: Uint32Array | Uint16Array | Uint8Array) => {
    new Uint8Array(buffer, offset, array.byteLength).set(
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
    );
    offset += array.byteLength;
  };
  put(anyCase.childStart);
  put(exactCase.childStart);
  put(anyCase.codes);
  put(anyCase.outputs);
  put(exactCase.codes);
  put(exactCase.outputs);
  put(packOf);
  const flags = new Uint8Array(ids.length);
  for (const index of contextual) flags[index] = 1;
  put(flags);
  put(text);
  return new Uint8Array(buffer);
}

/** Reads `encodeGlossaryFile`'s bytes back: the arrays are views on `buffer`, which must not be changed. */
export function decodeGlossaryFile(buffer: ArrayBuffer): BundledGlossary {
  if (buffer.byteLength < HEADER_WORDS * 4) throw new Error('glossary file: too short');
  const header = new Uint32Array(buffer, 0, HEADER_WORDS);
  const word = (index: number) => header[index] as number;
  const [entries, packs, anyNodes, exactNodes, textBytes] = [2, 3, 4, 5, 6].map(word) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (word(0) !== MAGIC || word(1) !== GLOSSARY_FILE_VERSION)
    throw new Error('glossary file: not a glossary of this version');
  let offset = HEADER_WORDS * 4;
  const u32 = (length: number) => {
    const array = new Uint32Array(buffer, offset, length);
    offset += array.byteLength;
    return array;
  };
  const u16 = (length: number) => {
    const array = new Uint16Array(buffer, offset, length);
    offset += array.byteLength;
    return array;
  };
  const anyStart = u32(anyNodes + 1);
  const exactStart = u32(exactNodes + 1);
  const anyCase: SerializedTrie = {
    childStart: anyStart,
    codes: u16(anyNodes),
    outputs: u16(anyNodes),
  };
  const exactCase: SerializedTrie = {
    childStart: exactStart,
    codes: u16(exactNodes),
    outputs: u16(exactNodes),
  };
  const packOf = new Uint8Array(buffer, offset, entries);
  offset += entries;
  const flags = new Uint8Array(buffer, offset, entries);
  offset += entries;
  const contextual: number[] = [];
  flags.forEach((flag, index) => {
    if (flag === 1) contextual.push(index);
  });
  const text = new TextDecoder().decode(new Uint8Array(buffer, offset, textBytes));
  const lines = text === '' ? [] : text.split('\n');
  if (lines.length !== packs + entries)
    throw new Error('glossary file: the ids do not match the counts');
  return {
    anyCase,
    exactCase,
    packIds: lines.slice(0, packs),
    ids: lines.slice(packs),
    contextual,
    packOf,
  };
}
