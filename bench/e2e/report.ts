/** Numbers of a finished run: per stage, per service, counts; as markdown and JSON. */
import type { StageResult } from './load';
import { type Percentiles, percentiles, type Recorder, slope } from './record';
import type { Sample } from './samplers';

export interface StageReport extends StageResult {
  ok2xx: number;
  failed: number;
  ack: Percentiles;
  socket: Percentiles;
  /** Messages of the stage seen at a socket, at the end of the drain. */
  seenAtSockets: number;
  /** Messages seen at sockets / (last arrival − first send): what went through end to end. */
  deliveredRate: number;
  backlogEnd: number;
  backlogMax: number;
  /** Growth of the backlog over the stage's second half, messages/s. */
  backlogSlope: number;
  drainSeconds: number;
  sustained: boolean;
  why: string[];
}

export function stageReport(
  result: StageResult,
  recorder: Recorder,
  samples: Sample[],
  drainSeconds: number,
): StageReport {
  const seqs = recorder.seqsOf(result.stage);
  let ok2xx = 0;
  let seen = 0;
  const ack: number[] = [];
  const socket: number[] = [];
  let firstSent = Number.POSITIVE_INFINITY;
  let lastArrival = 0;
  for (const seq of seqs) {
    firstSent = Math.min(firstSent, recorder.sentAt[seq]!);
    if (recorder.seen[seq]! > 0)
      lastArrival = Math.max(lastArrival, recorder.sentAt[seq]! + recorder.socketMs[seq]!);
    const status = recorder.status[seq]!;
    if (status >= 200 && status < 300) ok2xx++;
    ack.push(recorder.ackMs[seq]!);
    if (recorder.seen[seq]! > 0) {
      seen++;
      socket.push(recorder.socketMs[seq]!);
    }
  }
  const mine = samples.filter((s) => s.stage === result.stage);
  const half = mine.slice(Math.floor(mine.length / 2));
  const backlogSlope = slope(half.map((s) => [s.t, s.backlog]));
  const backlogEnd = mine.at(-1)?.backlog ?? 0;
  const backlogMax = Math.max(0, ...mine.map((s) => s.backlog));
  const failed = seqs.length - ok2xx;
  const why: string[] = [];
  if (failed > 0) why.push(`${failed} webhooks not acked 2xx`);
  if (result.achievedRate < 0.97 * result.rate)
    why.push(`generator reached ${result.achievedRate.toFixed(0)}/s only`);
  if (backlogSlope > Math.max(1, 0.02 * result.rate))
    why.push(`backlog grew ${backlogSlope.toFixed(1)} msg/s`);
  if (backlogEnd > Math.max(50, result.rate)) why.push(`backlog ${backlogEnd} at the end of the stage`);
  return {
    ...result,
    ok2xx,
    failed,
    ack: percentiles(ack),
    socket: percentiles(socket),
    seenAtSockets: seen,
    deliveredRate: lastArrival > firstSent ? seen / ((lastArrival - firstSent) / 1000) : 0,
    backlogEnd,
    backlogMax,
    backlogSlope,
    drainSeconds,
    sustained: why.length === 0,
    why,
  };
}

export interface ServiceUsage {
  cpuMean: number;
  cpuMax: number;
  /** Mean % of time runnable but waiting for a CPU: high means the machine, not the service, is the limit. */
  cpuWaitMean: number;
  rssMean: number;
  rssMax: number;
  /** MiB per minute, least squares over the samples (soak: after its first 2 minutes). */
  rssSlopePerMin: number;
}

export function serviceUsage(samples: Sample[], skipSeconds = 0): Record<string, ServiceUsage> {
  const out: Record<string, ServiceUsage> = {};
  const first = samples[0]?.t ?? 0;
  const used = samples.filter((s) => s.t - first >= skipSeconds);
  const names = new Set(used.flatMap((s) => Object.keys(s.rss)));
  for (const name of names) {
    const cpu = used.map((s) => s.cpu[name]).filter((v): v is number => v !== undefined);
    const rss = used.map((s) => s.rss[name]).filter((v): v is number => v !== undefined);
    const wait = used.map((s) => s.cpuWait[name]).filter((v): v is number => v !== undefined);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    out[name] = {
      cpuMean: mean(cpu),
      cpuMax: Math.max(0, ...cpu),
      cpuWaitMean: mean(wait),
      rssMean: mean(rss),
      rssMax: Math.max(0, ...rss),
      rssSlopePerMin:
        slope(used.filter((s) => s.rss[name] !== undefined).map((s) => [s.t / 60, s.rss[name]!])) || 0,
    };
  }
  return out;
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);

export function stagesTable(stages: StageReport[]): string {
  const rows = [
    '| stage | offered | achieved | s | acked 2xx | ack p50 | ack p99 | → socket p50 | p99 | max | seen at sockets | delivered | backlog max / end | slope | drained | sustained |',
    '| ----- | ------- | -------- | - | --------- | ------- | ------- | ------------ | --- | --- | --------------- | --------- | ----------------- | ----- | ------- | --------- |',
  ];
  for (const s of stages) {
    rows.push(
      `| ${s.stage} | ${s.rate}/s | ${s.achievedRate.toFixed(0)}/s | ${s.seconds} | ${s.ok2xx}/${s.sent} | ${ms(s.ack.p50)} | ${ms(s.ack.p99)} | ${ms(s.socket.p50)} | ${ms(s.socket.p99)} | ${ms(s.socket.max)} | ${s.seenAtSockets}/${s.ok2xx} | ${s.deliveredRate.toFixed(0)}/s | ${s.backlogMax} / ${s.backlogEnd} | ${s.backlogSlope.toFixed(1)}/s | ${s.drainSeconds.toFixed(1)} s | ${s.sustained ? 'yes' : `no (${s.why.join('; ')})`} |`,
    );
  }
  return rows.join('\n');
}

/** CPU in % of one core; the RSS slope only means something over a soak. */
export function usageTable(usage: Record<string, ServiceUsage>, withSlope: boolean): string {
  const rows = [
    `| process | CPU mean | CPU max | waiting for a CPU | RSS mean | RSS max |${withSlope ? ' RSS slope |' : ''}`,
    `| ------- | -------- | ------- | ----------------- | -------- | ------- |${withSlope ? ' --------- |' : ''}`,
  ];
  for (const [name, u] of Object.entries(usage)) {
    const slopeCell = `${u.rssSlopePerMin >= 0 ? '+' : ''}${u.rssSlopePerMin.toFixed(2)} MiB/min |`;
    rows.push(
      `| ${name} | ${u.cpuMean.toFixed(0)} % | ${u.cpuMax.toFixed(0)} % | ${u.cpuWaitMean.toFixed(0)} % | ${u.rssMean.toFixed(0)} MiB | ${u.rssMax.toFixed(0)} MiB |${withSlope ? ` ${slopeCell}` : ''}`,
    );
  }
  return rows.join('\n');
}
