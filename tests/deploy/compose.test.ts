import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AccountApiConfig } from '../../services/account-api/src/config';
import { GatewayConfig } from '../../services/gateway/src/config';
import { MessagingApiConfig } from '../../services/messaging-api/src/config';
import { RealtimeConfig } from '../../services/realtime/src/config';
import {
  architecturePorts,
  type ComposeService,
  deployEnv,
  interpolate,
  loadCompose,
  parseEnvFile,
  read,
  readDockerfile,
  repoRoot,
  serviceEnvironment,
} from './compose-support';

interface ServiceSpec {
  folder: string;
  schema: z.ZodObject;
  portKey: string;
  hostKey: string;
}

// Compose service name → the workspace it runs and its zod config.
const services: Record<string, ServiceSpec> = {
  gateway: { folder: 'gateway', schema: GatewayConfig, portKey: 'GATEWAY_PORT', hostKey: 'GATEWAY_HOST' },
  'account-api': {
    folder: 'account-api',
    schema: AccountApiConfig,
    portKey: 'ACCOUNT_API_PORT',
    hostKey: 'HOST',
  },
  'messaging-api': {
    folder: 'messaging-api',
    schema: MessagingApiConfig,
    portKey: 'MESSAGING_API_PORT',
    hostKey: 'HOST',
  },
  realtime: { folder: 'realtime', schema: RealtimeConfig, portKey: 'REALTIME_PORT', hostKey: 'HOST' },
};
const expectedPorts: Record<string, number> = {
  gateway: 8080,
  'account-api': 8001,
  'messaging-api': 8002,
  realtime: 3200,
};
/** Variables naming a shared server: left unset, a service silently falls back to a per-process embedded part. */
const infrastructureKeys = /^(REDIS_URL|RABBITMQ_URL|[A-Z]+_DATABASE_URL)$/;

const compose = loadCompose();
const env = deployEnv();
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, RabbitMQ (management), Redis and the four services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'rabbitmq', 'redis', ...Object.keys(services)]),
    );
    expect(service('rabbitmq').image).toMatch(/^rabbitmq:[\w.-]*management/);
    for (const name of ['postgres', 'rabbitmq', 'redis'])
      expect(service(name).healthcheck?.test).toBeDefined();
  });

  it.each(Object.entries(services))('gives %s every variable its config requires, valid', (name, spec) => {
    const { values } = serviceEnvironment(service(name), env);
    const parsed = spec.schema.safeParse(
      Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
    );
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(Object.entries(services))(
    'points %s at the shared servers and the other containers',
    (name, spec) => {
      const { values } = serviceEnvironment(service(name), env);
      const keys = Object.keys(spec.schema.shape);
      for (const key of keys.filter((k) => infrastructureKeys.test(k))) expect(values[key], key).toBeTruthy();
      // Every default aimed at this machine's loopback is wrong inside a container.
      const set = [...env].filter(([, value]) => value !== '');
      const defaults = spec.schema.safeParse(Object.fromEntries(set)).data as
        | Record<string, unknown>
        | undefined;
      expect(defaults).toBeDefined();
      for (const [key, value] of Object.entries(defaults ?? {})) {
        if (typeof value === 'string' && value.includes('127.0.0.1')) expect(values[key], key).toBeTruthy();
      }
      expect(values[spec.hostKey]).toBe('0.0.0.0');
    },
  );

  it('uses the ports of ARCHITECTURE.md, inside and outside the containers', () => {
    const documented = architecturePorts();
    for (const [name, spec] of Object.entries(services)) {
      if (documented) expect(documented.get(spec.folder), name).toBe(expectedPorts[name]);
      const { values } = serviceEnvironment(service(name), env);
      expect(Number(values[spec.portKey]), name).toBe(expectedPorts[name]);
      const exposed = [...(service(name).expose ?? []), ...(service(name).ports ?? [])];
      if (name !== 'gateway') expect(exposed, name).toEqual([String(expectedPorts[name])]);
    }
    // Only the gateway is published: the one public entry.
    const published = (service('gateway').ports ?? []).map((p) => interpolate(p, env).value);
    expect(published).toEqual(['8080:8080']);
    for (const name of Object.keys(services).filter((n) => n !== 'gateway')) {
      expect(service(name).ports, name).toBeUndefined();
    }
  });

  it('reaches each container by its service name and port', () => {
    const ports: Record<string, number> = {
      ...expectedPorts,
      postgres: 5432,
      rabbitmq: 5672,
      redis: 6379,
    };
    for (const name of Object.keys(services)) {
      const { values } = serviceEnvironment(service(name), env);
      for (const [key, value] of Object.entries(values)) {
        if (!/^[a-z]+:\/\//.test(value)) continue;
        const url = new URL(value);
        if (url.hostname === 'localhost') continue; // PUBLIC_URL: the browser's address of the gateway
        expect(Object.keys(ports), `${name} ${key}`).toContain(url.hostname);
        expect(Number(url.port), `${name} ${key}`).toBe(ports[url.hostname]);
      }
    }
  });

  it('starts each service after the containers it talks to are healthy', () => {
    for (const name of Object.keys(services)) {
      const { values } = serviceEnvironment(service(name), env);
      const talksTo = new Set(
        Object.values(values)
          .filter((v) => /^[a-z]+:\/\//.test(v))
          .map((v) => new URL(v).hostname)
          .filter((host) => host in compose.services && host !== name),
      );
      const dependsOn = service(name).depends_on ?? {};
      for (const host of talksTo) {
        expect(dependsOn[host]?.condition, `${name} → ${host}`).toBe('service_healthy');
      }
    }
  });

  it('gives each service with a database its own, created by deploy/postgres', () => {
    const initSql = readdirSync(join(repoRoot, 'deploy/postgres/init'))
      .map((file) => read(`deploy/postgres/init/${file}`))
      .join('\n');
    const databases = ['account-api', 'messaging-api'].map((name) => {
      const { values } = serviceEnvironment(service(name), env);
      const key = Object.keys(values).find((k) => k.endsWith('_DATABASE_URL'));
      return new URL(values[key!]!).pathname.slice(1);
    });
    expect(new Set(databases).size).toBe(2);
    for (const database of databases) expect(initSql).toMatch(new RegExp(`CREATE DATABASE ${database};`));
    expect(service('postgres').volumes).toContain('./deploy/postgres/init:/docker-entrypoint-initdb.d:ro');
  });

  it('takes every secret from .env, and deploy/.env.example holds none', () => {
    const example = parseEnvFile(read('deploy/.env.example'));
    const required = new Set<string>();
    for (const svc of Object.values(compose.services)) {
      for (const name of serviceEnvironment(svc, env).required) required.add(name);
    }
    expect([...required].sort()).toEqual(
      [
        'CREDENTIALS_ENCRYPTION_KEY',
        'GATEWAY_SHARED_SECRET',
        'POSTGRES_PASSWORD',
        'RABBITMQ_PASSWORD',
        'SERVICE_TOKEN',
      ].sort(),
    );
    for (const name of required) {
      expect(example.has(name), name).toBe(true);
      expect(example.get(name), name).toBe('');
    }
    // Every variable compose reads is documented in the example.
    const text = read('docker-compose.yml');
    for (const match of text.matchAll(/\$\{([A-Z0-9_]+)/g))
      expect(example.has(match[1]!), match[1]).toBe(true);
  });
});

describe('Dockerfiles', () => {
  const workspaceOf = (pkg: string) =>
    ({
      '@turumba/contracts': 'packages/contracts',
      '@turumba/platform': 'packages/platform',
    })[pkg];

  it.each(Object.entries(services))(
    '%s: slim Node 20, lockfile install, non-root, health, start script',
    (name, spec) => {
      const folder = `services/${spec.folder}`;
      expect(service(name).build).toEqual({ context: '.', dockerfile: `${folder}/Dockerfile` });
      const { instructions } = readDockerfile(`${folder}/Dockerfile`);
      expect(instructions).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
      const froms = instructions.filter((i) => i.startsWith('FROM '));
      expect(froms.length).toBeGreaterThan(1);
      for (const from of froms) expect(from).toMatch(/^FROM (\$\{NODE_IMAGE\}|manifests) AS /);

      // The service's workspace and each workspace it imports, installed from the root lockfile.
      const pkg = JSON.parse(read(`${folder}/package.json`)) as {
        dependencies: Record<string, string>;
        scripts: { start: string };
      };
      const workspaces = [folder, ...Object.keys(pkg.dependencies).flatMap((d) => workspaceOf(d) ?? [])];
      const install = instructions.find((i) => i.startsWith('RUN npm ci --omit=dev'));
      expect(install).toBeDefined();
      for (const ws of workspaces) {
        expect(install).toContain(`-w ${ws}`);
        expect(instructions).toContain(`COPY ${ws} ${ws}`);
      }
      expect(instructions).toContain('COPY package.json package-lock.json .npmrc ./');

      const runtime = instructions.slice(instructions.findIndex((i) => i.endsWith('AS runtime')));
      expect(runtime).toContain('USER node');
      expect(runtime.some((i) => i.startsWith('ENV NODE_ENV=production'))).toBe(true);
      expect(runtime).toContain(`WORKDIR /app/${folder}`);
      expect(runtime).toContain(`EXPOSE ${expectedPorts[name]}`);
      const health = runtime.find((i) => i.startsWith('HEALTHCHECK'));
      expect(health).toContain(`process.env.${spec.portKey}||${expectedPorts[name]}`);
      expect(health).toContain("/health'");

      // CMD is the workspace's start script, with `tsx file` spelled `node --import tsx file`.
      const cmd = JSON.parse(runtime.find((i) => i.startsWith('CMD '))!.slice(4)) as string[];
      const start = pkg.scripts.start.replace(/^tsx /, 'node --import tsx ').split(/\s+/);
      expect(cmd).toEqual(start);
    },
  );

  it('gateway: builds the web app where WEB_DIST_DIR looks for it', () => {
    const config = GatewayConfig.parse({ GATEWAY_SHARED_SECRET: 'x'.repeat(32) });
    const distDir = relative(repoRoot, config.WEB_DIST_DIR);
    const { instructions } = readDockerfile('services/gateway/Dockerfile');
    expect(instructions).toContain(`COPY --from=web /app/${distDir} ${distDir}`);
    expect(instructions).toContain('RUN npm run build -w apps/web');
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '**/data', '**/.env', '.env*', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});
