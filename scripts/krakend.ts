/**
 * `npm run krakend:generate`: writes deploy/krakend/ from the gateway's own route table
 * (services/gateway/src/proxy/route-table.ts), for teams that put KrakenD in front of Turumba.
 *
 * KrakenD sits in front of the Turumba gateway, never beside it: backends accept identity only with
 * the gateway's HMAC signature (ADR 0002), which KrakenD cannot produce. So every KrakenD endpoint
 * forwards to the gateway (settings/hosts.json), validates the JWT at the edge against the Account
 * API's JWKS (settings/auth.json), and the gateway verifies it again and signs. See
 * deploy/krakend/README.md.
 *
 * KrakenD CE has no wildcard routes, while the route table matches by prefix: each prefix becomes
 * explicit endpoints `/prefix`, `/prefix/{p1}`, … down to MAX_DEPTH segments, for every method.
 * Partials are inserted verbatim by KrakenD (no templating), so the JWT validator is a placeholder
 * string that krakend.tmpl replaces with settings/auth.json's validator.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  accountPrefixes,
  matchRoute,
  messagingPrefixes,
  publicPaths,
  publicPrefixes,
  type Upstream,
} from '../services/gateway/src/proxy/route-table';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const krakendDir = 'deploy/krakend';
export const partialsDir = `${krakendDir}/config/partials/endpoints`;
export const settingsDir = `${krakendDir}/config/settings`;

/** Path segments matched below a prefix (the deepest route today has 3: `/v1/teams/{id}/members/{user_id}`). */
export const MAX_DEPTH = 4;
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Replaced by krakend.tmpl with `settings/auth.json`'s `validator` (partials are not templates). */
export const VALIDATOR_PLACEHOLDER = '@settings.auth.validator@';
/** Public paths the route table serves outside the `/v1` prefixes. */
const extraPublicPaths = [{ path: '/.well-known/jwks.json', resource: 'well-known', methods: ['GET'] }];

export interface KrakendEndpoint {
  endpoint: string;
  method: string;
  output_encoding: 'no-op';
  input_headers: string[];
  input_query_strings: string[];
  extra_config?: { 'auth/validator': string };
  backend: { url_pattern: string; encoding: 'no-op' }[];
}

export interface Resource {
  name: string;
  upstream: Upstream;
  endpoints: KrakendEndpoint[];
}

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

function endpoint(path: string, method: string, isPublic: boolean): KrakendEndpoint {
  return {
    endpoint: path,
    method,
    // Status, headers and bytes pass through untouched (webhook signatures, the API envelope).
    output_encoding: 'no-op',
    input_headers: ['*'],
    input_query_strings: ['*'],
    ...(isPublic ? {} : { extra_config: { 'auth/validator': VALIDATOR_PLACEHOLDER } }),
    backend: [{ url_pattern: path, encoding: 'no-op' }],
  };
}

function resourceName(prefix: string): string {
  const name = prefix.replace(/^\/v1\//, '').replace(/\/$/, '');
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Cannot name a partial after prefix ${prefix}`);
  return name;
}

/** `/v1/teams` → `/v1/teams`, `/v1/teams/{p1}`, …; `/v1/auth/` starts at one segment. */
export function expandPrefix(prefix: string): string[] {
  const base = prefix.replace(/\/$/, '');
  const first = prefix.endsWith('/') ? 1 : 0;
  const paths: string[] = [];
  for (let depth = first; depth <= MAX_DEPTH; depth++) {
    const params = Array.from({ length: depth }, (_, i) => `/{p${i + 1}}`).join('');
    paths.push(base + params);
  }
  return paths;
}

/** A concrete path the route table can judge: each `{pN}` becomes a plain segment. */
export function samplePath(pattern: string): string {
  return pattern.replace(/\{p\d+\}/g, 'x');
}

function isPublicPrefix(prefix: string): boolean {
  return publicPrefixes.includes(prefix);
}

/** One resource per route-table prefix, each endpoint checked against `matchRoute` itself. */
export function buildResources(): Resource[] {
  const prefixes: [string, Upstream][] = [
    ...accountPrefixes.map((p): [string, Upstream] => [p, 'account']),
    ...messagingPrefixes.map((p): [string, Upstream] => [p, 'messaging']),
  ];
  const resources = new Map<string, Resource>();
  const add = (name: string, upstream: Upstream, item: KrakendEndpoint) => {
    const resource = resources.get(name) ?? { name, upstream, endpoints: [] };
    resource.endpoints.push(item);
    resources.set(name, resource);
  };
  for (const [prefix, upstream] of prefixes) {
    const name = resourceName(prefix);
    const exact = [...publicPaths].filter((p) => p.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    for (const path of exact) for (const method of METHODS) add(name, upstream, endpoint(path, method, true));
    for (const path of expandPrefix(prefix)) {
      for (const method of METHODS) add(name, upstream, endpoint(path, method, isPublicPrefix(prefix)));
    }
  }
  for (const extra of extraPublicPaths) {
    const match = matchRoute(extra.path);
    if (!match?.isPublic) throw new Error(`${extra.path} is no longer a public route of the gateway`);
    for (const method of extra.methods)
      add(extra.resource, match.upstream, endpoint(extra.path, method, true));
  }
  const all = [...resources.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const resource of all) {
    for (const item of resource.endpoints) {
      const match = matchRoute(samplePath(item.endpoint));
      const isPublic = !item.extra_config;
      if (!match || match.upstream !== resource.upstream || match.isPublic !== isPublic) {
        throw new Error(`KrakenD endpoint ${item.method} ${item.endpoint} disagrees with the route table`);
      }
    }
  }
  return all;
}

export function renderTemplate(resources: Resource[]): string {
  const includes = resources.map(
    (r) =>
      `    {{ include "endpoints/${r.name}.json" | trim | trimPrefix "[" | trimSuffix "]" | replace \`"${VALIDATOR_PLACEHOLDER}"\` (marshal .auth.validator) }}`,
  );
  return `{{- /*
  Generated by scripts/krakend.ts from services/gateway/src/proxy/route-table.ts; do not edit by hand:
  run \`npm run krakend:generate\`. Flexible configuration (KrakenD CE 2.x):
    FC_ENABLE=1 FC_SETTINGS=config/settings FC_PARTIALS=config/partials krakend run -c krakend.tmpl
  Each partial is a JSON array of endpoints; its brackets are trimmed so the endpoints join one list,
  and its validator placeholder becomes settings/auth.json's validator. See README.md beside this file.
*/ -}}
{
  "$schema": "https://www.krakend.io/schema/v2.13/krakend.json",
  "version": 3,
  "name": {{ marshal .service.name }},
  "port": {{ .service.port }},
  "timeout": {{ marshal .service.timeout }},
  "host": {{ marshal .hosts.gateway }},
  "endpoints": [
${includes.join(',\n')}
  ]
}
`;
}

/** Written only when missing: operators edit them per environment. */
export const defaultSettings: Record<string, unknown> = {
  'hosts.json': {
    gateway: ['http://gateway:8080'],
  },
  'service.json': {
    name: 'Turumba Support (KrakenD)',
    port: 8080,
    timeout: '30s',
  },
  'auth.json': {
    validator: {
      alg: 'RS256',
      jwk_url: 'http://account-api:8001/.well-known/jwks.json',
      disable_jwk_security: true,
      cache: true,
      cache_duration: 900,
      issuer: 'turumba',
      audience: ['turumba-api'],
      propagate_claims: [
        ['sub', 'X-Jwt-Sub'],
        ['email', 'X-Jwt-Email'],
      ],
    },
  },
};

/** Everything `krakend:generate` owns (the settings are only seeded). */
export function generateKrakendFiles(): GeneratedFile[] {
  const resources = buildResources();
  return [
    { path: `${krakendDir}/krakend.tmpl`, content: renderTemplate(resources) },
    ...resources.map((r) => ({
      path: `${partialsDir}/${r.name}.json`,
      content: `${JSON.stringify(r.endpoints, null, 2)}\n`,
    })),
  ];
}

function writeAll() {
  const files = generateKrakendFiles();
  mkdirSync(join(repoRoot, partialsDir), { recursive: true });
  mkdirSync(join(repoRoot, settingsDir), { recursive: true });
  const wanted = new Set(files.map((f) => f.path));
  for (const name of readdirSync(join(repoRoot, partialsDir))) {
    if (!wanted.has(`${partialsDir}/${name}`)) rmSync(join(repoRoot, partialsDir, name));
  }
  const written: string[] = [];
  for (const file of files) {
    mkdirSync(dirname(join(repoRoot, file.path)), { recursive: true });
    writeFileSync(join(repoRoot, file.path), file.content);
    written.push(file.path);
  }
  for (const [name, value] of Object.entries(defaultSettings)) {
    const path = `${settingsDir}/${name}`;
    if (existsSync(join(repoRoot, path))) continue;
    writeFileSync(join(repoRoot, path), `${JSON.stringify(value, null, 2)}\n`);
    written.push(path);
  }
  // The repository's formatter owns JSON layout; the sync test compares parsed JSON.
  const jsonFiles = written.filter((p) => p.endsWith('.json'));
  const biome = spawnSync('npx', ['biome', 'format', '--write', ...jsonFiles], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (biome.status !== 0) throw new Error('biome format failed');
  console.log(`KrakenD configuration: ${written.length} files under ${krakendDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeAll();
