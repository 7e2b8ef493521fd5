/** Per-message bookkeeping of the end-to-end bench, indexed by the message's sequence number. */

export class Recorder {
  /** Intended send time (wall clock, ms): the open-loop schedule, so queueing in the generator counts. */
  readonly sentAt: Float64Array;
  /** Webhook answer time − sentAt (ms); NaN until answered. */
  readonly ackMs: Float32Array;
  /** HTTP status (0: transport error or not answered). */
  readonly status: Uint16Array;
  /** How many times an agent socket got the message as `conversation:message`. */
  readonly seen: Uint8Array;
  /** First socket arrival − sentAt (ms). */
  readonly socketMs: Float32Array;
  /** 0 = warm-up (not timed at the sockets), n = stage n. */
  readonly stage: Uint8Array;
  next = 0;

  constructor(readonly capacity: number) {
    this.sentAt = new Float64Array(capacity);
    this.ackMs = new Float32Array(capacity).fill(Number.NaN);
    this.status = new Uint16Array(capacity);
    this.seen = new Uint8Array(capacity);
    this.socketMs = new Float32Array(capacity).fill(Number.NaN);
    this.stage = new Uint8Array(capacity);
  }

  take(stage: number, sentAt: number): number {
    if (this.next >= this.capacity) throw new Error('recorder capacity exceeded');
    const seq = this.next++;
    this.sentAt[seq] = sentAt;
    this.stage[seq] = stage;
    return seq;
  }

  /** Called by the agent sockets; returns false for a marker this run did not send. */
  sawAtSocket(seq: number, at: number): boolean {
    if (seq >= this.next) return false;
    if (this.seen[seq]! < 255) this.seen[seq]!++;
    if (this.seen[seq] === 1) this.socketMs[seq] = at - this.sentAt[seq]!;
    return true;
  }

  seqsOf(stage: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.next; i++) if (this.stage[i] === stage) out.push(i);
    return out;
  }
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(Array.prototype.filter.call(values, (v: number) => !Number.isNaN(v)));
  sorted.sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const d = n * sxx - sx * sx;
  return d === 0 ? 0 : (n * sxy - sx * sy) / d;
}

export const wallClock = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
