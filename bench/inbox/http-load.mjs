/**
 * The inbox bench's load generator, in a worker thread (plain JavaScript: a worker does not get
 * tsx's loader here) so that it runs on the other core and the measured process only serves:
 * `requests` GETs of one URL over keep-alive HTTP, open loop (request i is due at start + i/rate
 * whatever the others do, and its latency counts from that due time, so queueing shows); `rate` 0
 * sends them one after the other. A few untimed rounds first open the connections. Job and result shapes: `LoadJob` / `LoadResult` in bench/inbox.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

async function run(job) {
  const pool = new Pool(job.origin, { connections: job.connections, pipelining: 1 });
  const failures = [];
  const once = async (due) => {
    const res = await pool.request({ method: 'GET', path: job.path, headers: job.headers });
    const body = await res.body.text();
    if (res.statusCode !== 200) failures.push(`${res.statusCode} ${body.slice(0, 200)}`);
    return performance.now() - due;
  };
  try {
    // Not counted: opens every connection and warms this thread's HTTP client up, so the first
    // timed requests do not carry the worker's own start-up.
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: job.connections }, () => once(performance.now())));
    }
    failures.length = 0;
    if (job.rate === 0) {
      const samples = [];
      for (let i = 0; i < job.requests; i++) samples.push(await once(performance.now()));
      return { samples, failures };
    }
    const start = performance.now() + 20;
    const interval = 1000 / job.rate;
    const samples = await Promise.all(
      Array.from({ length: job.requests }, async (_, i) => {
        const due = start + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return once(due);
      }),
    );
    return { samples, failures };
  } finally {
    await pool.close();
  }
}

run(workerData).then(
  (result) => parentPort.postMessage(result),
  (err) => parentPort.postMessage({ samples: [], failures: [String(err?.stack ?? err)] }),
);
