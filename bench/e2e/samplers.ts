/**
 * Once a second: CPU and RSS of each service process (/proc/<pid>/stat and status), the
 * machine's CPU, RabbitMQ queue depths of the bench's vhost (amqplib checkQueue: the
 * management plugin is not assumed) and the unpublished outbox rows of both databases.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'amqplib';
import pg from 'pg';
import { wallClock } from './record';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Nanoseconds spent waiting on a run queue (runnable, not running): CPU starvation. */
function runQueueWaitNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export interface Sample {
  /** Seconds since the sampler started. */
  t: number;
  stage: number;
  cpu: Record<string, number>;
  /** % of the second the process was runnable but waiting for a CPU (all threads). */
  cpuWait: Record<string, number>;
  rss: Record<string, number>;
  machineCpu: number;
  queues: Record<string, number>;
  outbox: { messaging: number; account: number };
  backlog: number;
  /** Connections to the messaging database by state / wait event (where the time goes). */
  pgActivity: Record<string, number>;
}

export interface Sampler {
  readonly samples: Sample[];
  stage: number;
  stop(): Promise<void>;
}

export async function startSampler(options: {
  processes: Record<string, number>;
  rabbitUrl: string;
  queues: string[];
  messagingDb: string;
  accountDb: string;
  onSample?: (sample: Sample) => void;
}): Promise<Sampler> {
  const connection = await connect(options.rabbitUrl);
  let channel = await connection.createChannel();
  const pools = {
    messaging: new pg.Pool({ connectionString: options.messagingDb, max: 1 }),
    account: new pg.Pool({ connectionString: options.accountDb, max: 1 }),
  };
  const pending = async (pool: pg.Pool) => {
    const { rows } = await pool.query<{ n: string }>(
      'select count(*) as n from outbox_events where published_at is null',
    );
    return Number(rows[0]!.n);
  };
  const samples: Sample[] = [];
  const started = wallClock();
  let lastTicks = Object.fromEntries(Object.entries(options.processes).map(([n, pid]) => [n, cpuTicks(pid)]));
  let lastWait = Object.fromEntries(
    Object.entries(options.processes).map(([n, pid]) => [n, runQueueWaitNs(pid)]),
  );
  let lastMachine = machineTicks();
  let lastAt = wallClock();
  const self = { stage: 0 };
  let busy = false;
  let stopped: Promise<void> | undefined;

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = wallClock();
      const dt = (now - lastAt) / 1000;
      const cpu: Record<string, number> = {};
      const rss: Record<string, number> = {};
      const ticks: Record<string, number> = {};
      const cpuWait: Record<string, number> = {};
      const waits: Record<string, number> = {};
      for (const [name, pid] of Object.entries(options.processes)) {
        try {
          ticks[name] = cpuTicks(pid);
          cpu[name] = ((ticks[name]! - lastTicks[name]!) / CLK_TCK / dt) * 100;
          rss[name] = rssMiB(pid);
          waits[name] = runQueueWaitNs(pid);
          cpuWait[name] = ((waits[name]! - lastWait[name]!) / 1e9 / dt) * 100;
        } catch {
          // the process is gone (stopping)
        }
      }
      const machine = machineTicks();
      const machineCpu =
        ((machine.busy - lastMachine.busy) / Math.max(1, machine.total - lastMachine.total)) * 100;
      lastTicks = { ...lastTicks, ...ticks };
      lastWait = { ...lastWait, ...waits };
      lastMachine = machine;
      lastAt = now;
      const queues: Record<string, number> = {};
      for (const queue of options.queues) {
        try {
          queues[queue] = (await channel.checkQueue(queue)).messageCount;
        } catch {
          channel = await connection.createChannel();
        }
      }
      const outbox = { messaging: await pending(pools.messaging), account: await pending(pools.account) };
      const activity = await pools.messaging.query<{ key: string; n: string }>(
        `select coalesce(state, '?') || coalesce(':' || wait_event_type || '/' || wait_event, '') as key, count(*) as n
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() group by 1`,
      );
      const pgActivity = Object.fromEntries(activity.rows.map((r) => [r.key, Number(r.n)]));
      const backlog =
        Object.entries(queues)
          .filter(([name]) => !name.endsWith('.dlq'))
          .reduce((sum, [, n]) => sum + n, 0) +
        outbox.messaging +
        outbox.account;
      const sample = {
        t: (now - started) / 1000,
        stage: self.stage,
        cpu,
        cpuWait,
        rss,
        machineCpu,
        queues,
        outbox,
        backlog,
        pgActivity,
      };
      samples.push(sample);
      options.onSample?.(sample);
    } catch (err) {
      console.error(`sampler: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, 1_000);

  return {
    samples,
    get stage() {
      return self.stage;
    },
    set stage(value: number) {
      self.stage = value;
    },
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
        await connection.close().catch(() => {});
        await pools.messaging.end();
        await pools.account.end();
      })();
      return stopped;
    },
  };
}

/** The last sample's backlog (queues + outbox), fetched now. */
export function lastBacklog(sampler: Sampler): number {
  return sampler.samples.at(-1)?.backlog ?? 0;
}
