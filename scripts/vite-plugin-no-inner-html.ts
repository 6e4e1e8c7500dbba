/**
 * Takes the only `innerHTML` assignments out of the bundle: Preact's support for `dangerouslySetInnerHTML`,
 * which this project never uses (no HTML is rendered from data). Firefox's add-on linter warns about any
 * `innerHTML` assignment; instead of silencing it, the code is replaced by one that refuses HTML, and the
 * build fails if any `innerHTML` assignment is left, whoever added it.
 */
import type { Plugin } from 'vite';

const PREACT_FILE = /[\\/]preact[\\/]dist[\\/]preact(?:\.min)?\.module\.js$/;
/** `dom.innerHTML = newHtml.__html`, minified: set a node's HTML from `dangerouslySetInnerHTML`. */
const SET_HTML = /([\w$]+)\.innerHTML=([\w$]+)\.__html/g;
/** `dom.innerHTML = ''`: clear what `dangerouslySetInnerHTML` had put there. */
const CLEAR_HTML = /([\w$]+)\.innerHTML=""/g;
const ANY_ASSIGNMENT = /\.innerHTML\s*=(?!=)|\.outerHTML\s*=(?!=)|insertAdjacentHTML\s*\(/;

export function noInnerHtml(): Plugin {
  return {
    name: 'medical-jargon:no-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!PREACT_FILE.test(id)) return null;
      const replaced = code
        .replace(
          SET_HTML,
          () => '(()=>{throw Error("dangerouslySetInnerHTML is not supported")})()',
        )
        .replace(CLEAR_HTML, (_, node: string) => `${node}.textContent=""`);
      return { code: replaced, map: null };
    },
    generateBundle(_, bundle) {
      for (const [fileName, chunk] of Object.entries(bundle)) {
        if (chunk.type === 'chunk' && ANY_ASSIGNMENT.test(chunk.code)) {
          this.error(`${fileName} assigns HTML (innerHTML, outerHTML or insertAdjacentHTML).`);
        }
      }
    },
  };
}
