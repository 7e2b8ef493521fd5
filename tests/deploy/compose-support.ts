/** Reading docker-compose.yml, deploy/.env.example and the Dockerfiles the way Compose and Docker do. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  command?: string[];
  volumes?: string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export function loadCompose(): ComposeFile {
  return parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
}

/** `KEY=value` lines of an env file (comments and blanks skipped). */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) vars.set(match[1]!, match[2]!);
  }
  return vars;
}

export interface Interpolation {
  value: string;
  /** Variables written `${NAME:?message}` / `${NAME?message}`: compose refuses to start without them. */
  required: string[];
  referenced: string[];
}

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}` and `$$`. */
export function interpolate(text: string, env: Map<string, string>): Interpolation {
  const required: string[] = [];
  const referenced: string[] = [];
  const value = text.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:?)([-?])([^}]*))?\}/g,
    (whole, name: string | undefined, colon: string, op: string, arg: string) => {
      if (whole === '$$') return '$';
      const key = name!;
      referenced.push(key);
      const set = env.get(key);
      const present = colon ? set !== undefined && set !== '' : set !== undefined;
      if (op === '?') {
        required.push(key);
        if (!present) throw new Error(`${key} is required: ${arg}`);
        return set!;
      }
      if (op === '-') return present ? set! : arg;
      return set ?? '';
    },
  );
  return { value, required, referenced };
}

/** Throwaway values for the secrets .env.example leaves empty, valid for each service's zod config. */
export function testSecrets(): Map<string, string> {
  return new Map([
    ['GATEWAY_SHARED_SECRET', randomBytes(32).toString('hex')],
    ['SERVICE_TOKEN', randomBytes(32).toString('hex')],
    ['CREDENTIALS_ENCRYPTION_KEY', randomBytes(32).toString('base64')],
    ['POSTGRES_PASSWORD', randomBytes(16).toString('hex')],
    ['RABBITMQ_PASSWORD', randomBytes(16).toString('hex')],
  ]);
}

/** The env file a deployer writes: .env.example with the empty secrets filled in. */
export function deployEnv(): Map<string, string> {
  const env = parseEnvFile(read('deploy/.env.example'));
  for (const [key, value] of testSecrets()) if (!env.get(key)) env.set(key, value);
  return env;
}

/** A service's environment as the container sees it, plus what compose required to produce it. */
export function serviceEnvironment(service: ComposeService, env: Map<string, string>) {
  const values: Record<string, string> = {};
  const required = new Set<string>();
  for (const [key, raw] of Object.entries(service.environment ?? {})) {
    const result = interpolate(String(raw), env);
    values[key] = result.value;
    for (const name of result.required) required.add(name);
  }
  return { values, required };
}

/** ARCHITECTURE.md §1's service table: folder → port. Undefined when shared/ is not beside the repo. */
export function architecturePorts(): Map<string, number> | undefined {
  const path = join(repoRoot, '../shared/ARCHITECTURE.md');
  if (!existsSync(path)) return undefined;
  const ports = new Map<string, number>();
  for (const match of readFileSync(path, 'utf8').matchAll(/^\|[^|]+\| `services\/([a-z-]+)` \| (\d+) \|/gm)) {
    ports.set(match[1]!, Number(match[2]));
  }
  return ports;
}

export interface Dockerfile {
  text: string;
  /** Instructions with continuation lines joined. */
  instructions: string[];
}

export function readDockerfile(path: string): Dockerfile {
  const text = read(path);
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return { text, instructions };
}
