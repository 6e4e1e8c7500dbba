/**
 * Reads a Chrome performance trace (CDP Tracing, through puppeteer's page.tracing): which main-thread tasks ran
 * code of the extension's content script (its isolated world shows up with its chrome-extension:// URL), how long
 * each took, and where the page's own clock sits on the trace's clock.
 */

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; fileName?: string; [key: string]: unknown };
}

/** The categories the benchmark records: tasks, script calls, user timing and time stamps. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
];

/** With these, the trace also holds V8's sampling profile (used when a target is missed). */
export const PROFILE_CATEGORIES = [...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler'];

export function parseTrace(buffer: Uint8Array): TraceEvent[] {
  const parsed = JSON.parse(new TextDecoder().decode(buffer)) as { traceEvents: TraceEvent[] };
  return parsed.traceEvents;
}

function scriptUrl(event: TraceEvent): string | undefined {
  const data = event.args?.data;
  const url = data && typeof data.url === 'string' ? data.url : undefined;
  return url ?? (typeof event.args?.fileName === 'string' ? event.args.fileName : undefined);
}

export interface Task {
  /** Microseconds on the trace clock. */
  start: number;
  end: number;
  /** Time our code ran in this task (sampled, µs): the task minus what the page did in it. */
  ours: number;
  /** The task's thread (CPU) time, µs: its wall time minus what the OS gave to other processes. */
  thread: number;
}

export interface OurActivity {
  /** When the content script's evaluation began, trace clock, µs (it runs inside a task of the page's parser). */
  start: number;
  /** Duration of the content script's evaluation (the EvaluateScript event), ms. */
  evaluateMs: number;
  /** Main-thread tasks during which our code ran, in order. */
  tasks: Task[];
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
}

export interface Sample {
  /** Trace clock, µs. */
  time: number;
  /** How long the sample stands for (the gap to the next one), µs. */
  weight: number;
  node: ProfileNode;
  /** The profile's nodes by id, to walk up the stack. */
  nodes: ReadonlyMap<number, ProfileNode>;
}

/** The V8 sampling profile of one thread, from the trace's Profile and ProfileChunk events. */
export function threadSamples(events: readonly TraceEvent[], pid: number, tid: number): Sample[] {
  const profile = events.find(
    (event) => event.name === 'Profile' && event.pid === pid && event.tid === tid,
  );
  if (!profile) return [];
  const id = (profile as unknown as { id: string }).id;
  const data = profile.args?.data as { startTime?: number } | undefined;
  let time = data?.startTime ?? profile.ts;
  const nodes = new Map<number, ProfileNode>();
  const raw: { time: number; nodeId: number }[] = [];
  for (const event of events) {
    if (event.name !== 'ProfileChunk' || event.pid !== pid) continue;
    if ((event as unknown as { id: string }).id !== id) continue;
    const chunk = event.args?.data as
      | { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] }
      | undefined;
    for (const node of chunk?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const samples = chunk?.cpuProfile?.samples ?? [];
    const deltas = chunk?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      time += deltas[i] ?? 0;
      raw.push({ time, nodeId: samples[i] as number });
    }
  }
  const result: Sample[] = [];
  for (let i = 0; i < raw.length; i++) {
    const sample = raw[i] as { time: number; nodeId: number };
    const node = nodes.get(sample.nodeId);
    if (!node) continue;
    const next = raw[i + 1]?.time ?? sample.time;
    result.push({
      time: sample.time,
      weight: Math.max(0, Math.min(next - sample.time, 5000)),
      node,
      nodes,
    });
  }
  return result;
}

function stackHas(sample: Sample, test: (node: ProfileNode) => boolean): boolean {
  let node: ProfileNode | undefined = sample.node;
  while (node) {
    if (test(node)) return true;
    node = node.parent === undefined ? undefined : sample.nodes.get(node.parent);
  }
  return false;
}

/**
 * Our tasks: top-level main-thread tasks (RunTask) in which code of a script whose URL begins with `origin` (the
 * extension's chrome-extension://id/) ran, with how much of each task was ours: the larger of the durations of our
 * script events in it and of V8's samples with a frame of ours on the stack. Undefined when our script never ran.
 */
export function ourActivity(
  events: readonly TraceEvent[],
  origin: string,
): OurActivity | undefined {
  const ours = events.filter(
    (event) => event.ph === 'X' && scriptUrl(event)?.startsWith(origin) === true,
  );
  const evaluation = ours.find((event) => event.name === 'EvaluateScript');
  if (!evaluation) return undefined;
  const { pid, tid } = evaluation;
  const runTasks = events
    .filter(
      (event) =>
        event.pid === pid && event.tid === tid && event.ph === 'X' && event.name === 'RunTask',
    )
    .sort((a, b) => a.ts - b.ts);
  const tasks: Task[] = runTasks.map((task) => ({
    start: task.ts,
    end: task.ts + (task.dur ?? 0),
    ours: 0,
    thread: (task as TraceEvent & { tdur?: number }).tdur ?? task.dur ?? 0,
  }));
  const taskAt = (time: number): Task | undefined => {
    let low = 0;
    let high = tasks.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const task = tasks[middle] as Task;
      if (time < task.start) high = middle - 1;
      else if (time > task.end) low = middle + 1;
      else return task;
    }
    return undefined;
  };
  // Our script events (EvaluateScript, FunctionCall…), outermost only: their durations include what our calls
  // made the browser do (a forced style or layout, a GC), which V8 samples show without our frames.
  const byEvents = new Map<Task, number>();
  let coveredUntil = -1;
  for (const event of ours
    .filter((e) => e.pid === pid && e.tid === tid)
    .sort((a, b) => a.ts - b.ts)) {
    const end = event.ts + (event.dur ?? 0);
    if (event.ts < coveredUntil) continue;
    coveredUntil = end;
    const task = taskAt(event.ts);
    if (task) byEvents.set(task, (byEvents.get(task) ?? 0) + (event.dur ?? 0));
  }
  // V8 samples with a frame of ours on the stack: they also see code that runs without an event of its own (promise
  // continuations, such as the script's start after reading its settings).
  const isOurs = (node: ProfileNode) => node.callFrame.url?.startsWith(origin) === true;
  for (const sample of threadSamples(events, pid, tid)) {
    if (!stackHas(sample, isOurs)) continue;
    const task = taskAt(sample.time);
    if (task) task.ours += sample.weight;
  }
  for (const [task, micros] of byEvents) task.ours = Math.max(task.ours, micros);
  const mine = tasks.filter((task) => task.ours > 0);
  return {
    start: evaluation.ts,
    evaluateMs: (evaluation.dur ?? 0) / 1000,
    tasks: mine,
  };
}

/**
 * The trace time (µs) of a `console.timeStamp(label)` made by the page, to place the page's `performance.now()`
 * readings on the trace clock.
 */
export function timeStampAt(events: readonly TraceEvent[], label: string): number | undefined {
  const stamp = events.find(
    (event) => event.name === 'TimeStamp' && event.args?.data?.message === label,
  );
  return stamp?.ts;
}

/** Our time in these tasks, ms. */
export function sumMs(tasks: readonly Task[]): number {
  return tasks.reduce((sum, task) => sum + task.ours, 0) / 1000;
}

/** The most of our time in any one task, ms. */
export function longestMs(tasks: readonly Task[]): number {
  return tasks.reduce((max, task) => Math.max(max, task.ours), 0) / 1000;
}

/**
 * The same in thread time: our part of a task can be no more than the task's CPU time. On a loaded machine a task's
 * wall time includes time the OS ran other processes; this does not.
 */
export function longestThreadMs(tasks: readonly Task[]): number {
  return tasks.reduce((max, task) => Math.max(max, Math.min(task.ours, task.thread)), 0) / 1000;
}

export interface ProfileHotspot {
  functionName: string;
  url: string;
  line: number;
  column: number;
  selfMs: number;
}

/** The thread (pid, tid) of a `console.timeStamp(label)` or of an event of a script under `origin`. */
export function threadOf(
  events: readonly TraceEvent[],
  find: { stamp?: string; origin?: string },
): { pid: number; tid: number } | undefined {
  const event = events.find((e) =>
    find.stamp !== undefined
      ? e.name === 'TimeStamp' && e.args?.data?.message === find.stamp
      : e.name === 'EvaluateScript' &&
        find.origin !== undefined &&
        scriptUrl(e)?.startsWith(find.origin) === true,
  );
  return event && { pid: event.pid, tid: event.tid };
}

/**
 * Self time by function on one thread from the V8 sampling profile in the trace, for samples taken between
 * `from` and `to` (trace µs), most expensive first. "(program)" is the browser's own work (style, layout, paint
 * and, with highlights, their markers); "(idle)" is waiting.
 */
export function profileHotspots(
  events: readonly TraceEvent[],
  thread: { pid: number; tid: number } | undefined,
  from: number,
  to: number,
  limit = 15,
): ProfileHotspot[] {
  if (!thread) return [];
  const byFunction = new Map<string, ProfileHotspot>();
  for (const sample of threadSamples(events, thread.pid, thread.tid)) {
    if (sample.time < from || sample.time > to) continue;
    const { functionName, url = '', lineNumber = 0, columnNumber = 0 } = sample.node.callFrame;
    const key = `${functionName}@${url}:${lineNumber}:${columnNumber}`;
    const entry = byFunction.get(key) ?? {
      functionName: functionName || '(anonymous)',
      url,
      line: lineNumber,
      column: columnNumber,
      selfMs: 0,
    };
    entry.selfMs += sample.weight / 1000;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .filter((entry) => entry.functionName !== '(idle)')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit)
    .map((entry) => ({ ...entry, selfMs: Number(entry.selfMs.toFixed(1)) }));
}
