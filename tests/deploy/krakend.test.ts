import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  generateKrakendFiles,
  type KrakendEndpoint,
  partialsDir,
  repoRoot,
  settingsDir,
  VALIDATOR_PLACEHOLDER,
} from '../../scripts/krakend';
import { AccountApiConfig } from '../../services/account-api/src/config';
import { matchRoute } from '../../services/gateway/src/proxy/route-table';
import { loadCompose } from './compose-support';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const generated = generateKrakendFiles();
const settings = Object.fromEntries(
  Object.keys(defaultSettings).map((file) => [
    file.replace(/\.json$/, ''),
    JSON.parse(read(`${settingsDir}/${file}`)) as Record<string, unknown>,
  ]),
) as {
  hosts: { gateway: string[] };
  service: { name: string; port: number; timeout: string };
  auth: { validator: Record<string, unknown> & { jwk_url: string; issuer: string; audience: string[] } };
};

function lookup(path: string): unknown {
  return path
    .slice(1)
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], settings);
}

/**
 * What KrakenD's flexible configuration does with krakend.tmpl, for the constructs it uses: the
 * leading comment, `{{ .a.b }}`, `{{ marshal .a.b }}` and the include pipeline of each partial.
 */
function renderTemplate(template: string): string {
  const out = template
    .replace(/^\{\{- \/\*[\s\S]*?\*\/ -\}\}\s*/, '')
    .replace(
      /\{\{ include "([^"]+)" \| trim \| trimPrefix "\[" \| trimSuffix "\]" \| replace `([^`]+)` \(marshal (\.[\w.]+)\) \}\}/g,
      (_whole, file: string, placeholder: string, setting: string) => {
        let text = read(`deploy/krakend/config/partials/${file}`).trim();
        if (text.startsWith('[')) text = text.slice(1);
        if (text.endsWith(']')) text = text.slice(0, -1);
        return text.replaceAll(placeholder, JSON.stringify(lookup(setting)));
      },
    )
    .replace(/\{\{ marshal (\.[\w.]+) \}\}/g, (_whole, setting: string) => JSON.stringify(lookup(setting)))
    .replace(/\{\{ (\.[\w.]+) \}\}/g, (_whole, setting: string) => String(lookup(setting)));
  expect(out).not.toContain('{{');
  return out;
}

/** Route literals the backends register (`'/v1/teams/:id/members/:user_id'`), from their sources. */
function backendRoutes(): string[] {
  const routes = new Set<string>();
  for (const service of ['account-api', 'messaging-api']) {
    const dir = join(repoRoot, 'services', service, 'src');
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.includes('test-')) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      for (const match of text.matchAll(/'(\/v1\/[a-z0-9/:_-]+|\/\.well-known\/[a-z.]+)'/g))
        routes.add(match[1]!);
    }
  }
  return [...routes];
}

describe('deploy/krakend', () => {
  it('is in sync with the gateway route table (run `npm run krakend:generate`)', () => {
    for (const file of generated) {
      const committed = read(file.path);
      if (file.path.endsWith('.json'))
        expect(JSON.parse(committed), file.path).toEqual(JSON.parse(file.content));
      else expect(committed, file.path).toBe(file.content);
    }
    const partials = readdirSync(join(repoRoot, partialsDir)).map((name) => `${partialsDir}/${name}`);
    expect(partials.sort()).toEqual(
      generated
        .map((f) => f.path)
        .filter((p) => p.startsWith(partialsDir))
        .sort(),
    );
  });

  it('renders to one KrakenD configuration that mirrors the route table', () => {
    const template = generated.find((f) => f.path.endsWith('krakend.tmpl'))!.content;
    const config = JSON.parse(renderTemplate(template)) as {
      version: number;
      port: number;
      host: string[];
      endpoints: KrakendEndpoint[];
    };
    expect(config.version).toBe(3);
    expect(config.host).toEqual(settings.hosts.gateway);
    const seen = new Set<string>();
    for (const item of config.endpoints) {
      const key = `${item.method} ${item.endpoint}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      const route = matchRoute(item.endpoint.replace(/\{p\d+\}/g, 'x'));
      expect(route, key).toBeDefined();
      const validator = (item.extra_config as Record<string, unknown> | undefined)?.['auth/validator'];
      if (route?.isPublic) expect(validator, key).toBeUndefined();
      else expect(validator, key).toEqual(settings.auth.validator);
      expect(item.backend).toEqual([{ url_pattern: item.endpoint, encoding: 'no-op' }]);
      expect(item.output_encoding).toBe('no-op');
    }
    expect(JSON.stringify(config)).not.toContain(VALIDATOR_PLACEHOLDER);
    // Login and webhooks stay public, the inbox does not.
    expect(seen).toContain('POST /v1/auth/login');
    expect(seen).toContain('POST /v1/webhooks/{p1}/{p2}');
    expect(seen).toContain('GET /.well-known/jwks.json');
    expect(config.endpoints.find((e) => e.endpoint === '/v1/conversations/{p1}')?.extra_config).toBeDefined();
  });

  it('covers every route the backends expose through the gateway', () => {
    const patterns = generated
      .filter((f) => f.path.startsWith(partialsDir))
      .flatMap((f) => (JSON.parse(f.content) as KrakendEndpoint[]).map((e) => e.endpoint));
    const matches = (route: string, pattern: string) => {
      const a = route.split('/');
      const b = pattern.split('/');
      return a.length === b.length && a.every((seg, i) => seg === b[i] || /^\{p\d+\}$/.test(b[i]!));
    };
    const exposed = backendRoutes().filter((route) => matchRoute(route.replace(/:\w+/g, 'x')));
    expect(exposed.length).toBeGreaterThan(30);
    for (const route of exposed) {
      expect(
        patterns.some((p) => matches(route, p)),
        `${route} has no KrakenD endpoint`,
      ).toBe(true);
    }
  });

  it('validates tokens as the Account API issues them, against its JWKS, behind the gateway', () => {
    const account = AccountApiConfig.parse({
      GATEWAY_SHARED_SECRET: 'x'.repeat(32),
      SERVICE_TOKEN: 'y'.repeat(32),
    });
    const { validator } = settings.auth;
    expect(validator.alg).toBe('RS256');
    expect(validator.issuer).toBe(account.JWT_ISSUER);
    expect(validator.audience).toEqual([account.JWT_AUDIENCE]);
    const jwks = new URL(validator.jwk_url);
    expect(jwks.pathname).toBe('/.well-known/jwks.json');
    expect(matchRoute(jwks.pathname)).toEqual({ upstream: 'account', isPublic: true });
    // The hosts named in the settings are the compose services, on their ports.
    const compose = loadCompose();
    expect(compose.services[jwks.hostname]?.environment?.ACCOUNT_API_PORT).toBe(Number(jwks.port));
    for (const host of settings.hosts.gateway) {
      const url = new URL(host);
      expect(compose.services[url.hostname]?.environment?.GATEWAY_PORT).toBe(Number(url.port));
    }
    const krakend = compose.services.krakend;
    expect(krakend?.command).toEqual(['run', '-c', '/etc/krakend/krakend.tmpl']);
    expect(krakend?.volumes).toContain('./deploy/krakend:/etc/krakend:ro');
  });
});
