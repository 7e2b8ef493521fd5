/**
 * Every service as its own child process, started the way its package's `start` script starts it
 * (`tsx src/main.ts`, or `node <flags> --import tsx src/main.ts` for realtime), with its own
 * environment. Ports are picked free beforehand so each service can be told where the others are.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './infra';

export type ServiceName = 'account-api' | 'messaging-api' | 'realtime' | 'gateway';

export interface RunningService {
  name: ServiceName;
  url: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
}

const root = new URL('../../', import.meta.url);
const guard = fileURLToPath(new URL('./orphan-guard.ts', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Node flags and entry file of `npm start -w services/<name>`. */
export function startCommand(name: ServiceName): { nodeFlags: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(new URL(`services/${name}/package.json`, root), 'utf8'));
  const words = String(pkg.scripts.start).split(/\s+/).filter(Boolean);
  const entry = words.at(-1)!;
  if (words[0] === 'tsx') return { nodeFlags: [], entry };
  if (words[0] !== 'node') throw new Error(`${name}: unexpected start script ${pkg.scripts.start}`);
  const flags = words.slice(1, -1);
  // `--import tsx` is added below for every service.
  const nodeFlags = flags.filter((flag, i) => !(flag === '--import' || flags[i - 1] === '--import'));
  return { nodeFlags, entry };
}

async function waitReady(url: string, child: ChildProcess, name: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} not ready at ${url}/ready after ${timeoutMs / 1000} s`);
}

export async function startService(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
  logDir: string,
  cleanup: Cleanup,
): Promise<RunningService> {
  const { nodeFlags, entry } = startCommand(name);
  const cwd = fileURLToPath(new URL(`services/${name}/`, root));
  const logFile = `${logDir}/${name}.log`;
  const log = openSync(logFile, 'a');
  const child = fork(entry, [], {
    cwd,
    execArgv: [...nodeFlags, '--import', 'tsx', '--import', guard],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  cleanup.add(`stop ${name}`, () => stopChild(child));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, name);
  } catch (err) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${(err as Error).message}\n--- ${logFile} (tail)\n${tail}`);
  }
  return { name, url, child, pid: child.pid!, logFile };
}

/** SIGTERM (graceful shutdown), SIGKILL after 15 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
