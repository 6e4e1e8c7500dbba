/**
 * Runs long work in slices so that no task of ours blocks the page for long: each job does a little until the
 * slice's deadline, then the queue yields to the page and continues in a later task.
 */
import { SLICE_BUDGET_MS } from './constants';

/** Does some work; returns true when the job is finished. Must check `deadline` (a `performance.now()` time). */
export type SliceJob = (deadline: number) => boolean;

export type Yielder = (continueWork: () => void) => void;

/** A new task as soon as possible, without the 4 ms clamp of nested timers. */
function messageChannelYielder(): Yielder {
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return (continueWork) => {
    waiting.push(continueWork);
    channel.port2.postMessage(null);
  };
}

export class SliceQueue {
  private readonly jobs: SliceJob[] = [];
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];
  private readonly yielder: Yielder;
  /** The longest slice run so far, in ms, and how many slices ran (for the tests and the benchmark). */
  longestSliceMs = 0;
  slices = 0;
  /** Slices that ended with work left, which then went on in a later task. */
  yields = 0;

  constructor(
    private readonly budgetMs = SLICE_BUDGET_MS,
    yielder?: Yielder,
  ) {
    this.yielder = yielder ?? messageChannelYielder();
  }

  get busy(): boolean {
    return this.jobs.length > 0;
  }

  /** Queues a job; `now` runs the first slice in the current task. */
  push(job: SliceJob, now = false): void {
    this.jobs.push(job);
    if (now) this.runSlice();
    else this.schedule();
  }

  clear(): void {
    this.jobs.length = 0;
    this.notifyIdle();
  }

  /** Resolves when every queued job has finished. */
  whenIdle(): Promise<void> {
    if (this.jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.length === 0) return;
    this.scheduled = true;
    this.yielder(() => {
      this.scheduled = false;
      this.runSlice();
    });
  }

  private runSlice(): void {
    const start = performance.now();
    const deadline = start + this.budgetMs;
    while (this.jobs.length > 0) {
      const job = this.jobs[0] as SliceJob;
      let finished = true;
      try {
        finished = job(deadline);
      } catch (error) {
        // One failing job (a page that removed nodes mid-walk…) must not stop the others.
        console.error('[medical-jargon] a scan step failed', error);
      }
      if (finished) this.jobs.shift();
      if (performance.now() >= deadline) break;
    }
    this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - start);
    this.slices++;
    if (this.jobs.length === 0) this.notifyIdle();
    else {
      this.yields++;
      this.schedule();
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

interface TimerSource {
  setTimeout(handler: () => void, timeout?: number): number;
  requestAnimationFrame(callback: FrameRequestCallback): number;
}

/**
 * Calls back once the page's DOM is parsed and has been rendered once, so that reading style or layout (visibility,
 * what is in view) does not force the page's first full style and layout pass inside a task of ours. In hidden tabs
 * (no frames, throttled timers) it calls back at once.
 */
export function afterFirstRender(timers: TimerSource, callback: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    callback();
  };
  const go = () => {
    // A hidden tab renders no frames and its timers are throttled: there is no first render to wait for.
    if (document.visibilityState === 'hidden') {
      once();
      return;
    }
    timers.requestAnimationFrame(() => timers.setTimeout(once, 0));
    timers.setTimeout(once, 250);
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', go, { once: true });
  } else go();
}
