/**
 * What the browser tests wait for, in test builds only: instead of guessing from the page that a scan has settled
 * ("no change of the highlights for 800 ms", which a slow machine breaks), they ask the content script. A query is
 * an event on the document (TEST_QUERY_EVENT); the answer is another (TEST_STATE_EVENT) whose detail is a TestState,
 * sent again whenever that state changes. Events do not change the page's DOM.
 *
 * `npm run test:browser` builds the extension with `wxt build --mode e2e`: only there is TEST_SIGNAL true. In the
 * production build it is false, and the bundler leaves all of this out.
 */
import { TEST_QUERY_EVENT, TEST_STATE_EVENT } from './constants';

export const TEST_SIGNAL: boolean = import.meta.env.MODE === 'e2e';

/** How often the state is looked at for changes (test builds only). */
const WATCH_MS = 20;

export interface TestState {
  /** Nothing of ours is pending (see `pending`): what is marked and registered now stays so until something changes. */
  idle: boolean;
  /** What is still to come: "settings", "first render", "scan", "mutations", "scroll", "near view", "report". */
  pending: string[];
  /** Terms marked (in the index, registered in `CSS.highlights` or not). */
  marked: number;
  /** Only part of the page is marked (the popup's `capped`). */
  capped: boolean;
  /** Times settings or custom terms were applied (the first included). */
  applied: number;
  /** Scans of the whole page started (the first, and each one again for a reader who moved on). */
  scans: number;
  /** Slices the queue has run, and how many of them ended with work left, yielding to the page. */
  slices: number;
  yields: number;
  /** Bumped by each change of the fields above: a test waits for the next one. */
  seq: number;
  /** Which copy of the content script answers (a new one starts in open pages when Firefox updates the extension). */
  copy: string;
}

export type TestStateFields = Omit<TestState, 'seq' | 'copy'>;

/** Before the settings have arrived (and without the Custom Highlight API, where nothing is ever pending). */
export const STARTING: TestStateFields = {
  idle: false,
  pending: ['settings'],
  marked: 0,
  capped: false,
  applied: 0,
  scans: 0,
  slices: 0,
  yields: 0,
};

/**
 * The slice budget a test asks for in the page's address (`#mje-slice-ms=0`: every deadline check yields), to see a
 * scan split into many slices whatever the speed of the machine. Undefined otherwise (SLICE_BUDGET_MS).
 */
export function testSliceBudget(): number | undefined {
  const value = new URLSearchParams(location.hash.slice(1)).get('mje-slice-ms');
  return value === null || !Number.isFinite(Number(value)) ? undefined : Number(value);
}

/** Answers the tests' queries and tells them of every change of the state, until the script is invalidated. */
export function installTestSignal(
  onInvalidated: (cleanup: () => void) => void,
  setInterval: (handler: () => void, ms: number) => unknown,
  read: () => TestStateFields,
): void {
  let seq = 0;
  let last = '';
  const copy = Math.random().toString(36).slice(2);
  let state: TestState = { ...STARTING, seq, copy };
  const refresh = (): boolean => {
    const fields = read();
    const key = JSON.stringify(fields);
    if (key === last) return false;
    last = key;
    state = { ...fields, seq: ++seq, copy };
    return true;
  };
  const send = () =>
    document.dispatchEvent(new CustomEvent(TEST_STATE_EVENT, { detail: JSON.stringify(state) }));
  const onQuery = () => {
    refresh();
    send();
  };
  document.addEventListener(TEST_QUERY_EVENT, onQuery);
  onInvalidated(() => document.removeEventListener(TEST_QUERY_EVENT, onQuery));
  setInterval(() => {
    if (refresh()) send();
  }, WATCH_MS);
}
