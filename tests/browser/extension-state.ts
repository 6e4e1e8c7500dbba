/**
 * What the content script of the test build says about itself (entrypoints/content/test-signal.ts): whether it has
 * settled, what it has marked, how its work was sliced. The tests wait on this instead of on a quiet spell of the
 * page's highlights, which a slow or busy machine can stretch or break: a wait ends when the extension says so, and
 * its time limit is only a guard against something that never happens.
 */
import type { Frame, Page } from 'puppeteer-core';
import { TEST_QUERY_EVENT, TEST_STATE_EVENT } from '../../entrypoints/content/constants.ts';
import type { TestState } from '../../entrypoints/content/test-signal.ts';

export type { TestState };

/** Long enough for anything a test page asks of a loaded machine: reached only when something never happens. */
export const HANG_GUARD_MS = 120_000;

type Answer = { state: TestState | null; timedOut: boolean };

/**
 * The content script's state once its `seq` is past `afterSeq`: at once if it is already, or at its next change.
 * Null state when the script never answered within `guardMs`.
 */
function nextState(target: Page | Frame, afterSeq: number, guardMs: number): Promise<Answer> {
  return target.evaluate(
    (queryEvent, stateEvent, after, guard) =>
      new Promise<Answer>((resolve) => {
        let last: TestState | null = null;
        const finish = (timedOut: boolean) => {
          document.removeEventListener(stateEvent, onState);
          clearTimeout(timer);
          resolve({ state: last, timedOut });
        };
        const onState = (event: Event) => {
          last = JSON.parse(String((event as CustomEvent).detail)) as TestState;
          if (last.seq > after) finish(false);
        };
        document.addEventListener(stateEvent, onState);
        const timer = setTimeout(() => finish(true), guard);
        document.dispatchEvent(new CustomEvent(queryEvent));
      }),
    TEST_QUERY_EVENT,
    TEST_STATE_EVENT,
    afterSeq,
    guardMs,
  );
}

/**
 * The state of every copy of the content script that answers in this document now: none before it starts or once
 * it has stopped, two while an updated extension's new copy starts beside the old one (Firefox).
 */
export function answeringCopies(target: Page | Frame): Promise<TestState[]> {
  return target.evaluate(
    (queryEvent, stateEvent) => {
      const answers: TestState[] = [];
      const onState = (event: Event) =>
        answers.push(JSON.parse(String((event as CustomEvent).detail)) as TestState);
      document.addEventListener(stateEvent, onState);
      // Listeners run during the dispatch: every copy has answered when it returns.
      document.dispatchEvent(new CustomEvent(queryEvent));
      document.removeEventListener(stateEvent, onState);
      return answers;
    },
    TEST_QUERY_EVENT,
    TEST_STATE_EVENT,
  );
}

/**
 * Waits until the content script says it is idle (nothing of its own pending: no scan, no change of the page or
 * scroll still to follow, no block waiting for the IntersectionObserver) and `until` holds for its state; returns
 * that state. Call it after the page's own changes are made: a change made by the page later is not waited for.
 */
export async function waitForIdle(
  target: Page | Frame,
  {
    until = () => true,
    what = 'the content script to settle',
    guardMs = HANG_GUARD_MS,
  }: { until?: (state: TestState) => boolean; what?: string; guardMs?: number } = {},
): Promise<TestState> {
  const deadline = Date.now() + guardMs;
  let seq = -1;
  let last: TestState | null = null;
  for (;;) {
    const left = deadline - Date.now();
    const answer = left > 0 ? await nextState(target, seq, left) : { state: last, timedOut: true };
    if (answer.timedOut) {
      throw new Error(
        `Waiting for ${what}: the content script ${last ? `last said ${JSON.stringify(last)}` : 'never answered'}`,
      );
    }
    last = answer.state as TestState;
    if (last.idle && until(last)) return last;
    seq = last.seq;
  }
}
