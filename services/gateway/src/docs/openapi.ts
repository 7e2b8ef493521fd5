import swaggerUi from '@fastify/swagger-ui';
import type { AnyFastify } from '@turumba/platform/http';

type OpenApiDocument = {
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
  tags?: unknown[];
};

const refreshEveryMs = 30_000;

/**
 * `/docs`: one OpenAPI 3.1 document merged from every backend's `/openapi.json` (generated from
 * their zod route schemas), refreshed at most every 30 s while someone reads the docs.
 */
export async function registerDocs(app: AnyFastify, backends: string[]) {
  let merged: OpenApiDocument | undefined;
  let loadedAt = 0;

  async function refresh() {
    if (merged && Date.now() - loadedAt < refreshEveryMs) return;
    const docs = await Promise.all(
      backends.map(async (base) => {
        try {
          const res = await fetch(new URL('/openapi.json', base), { signal: AbortSignal.timeout(2000) });
          return res.ok ? ((await res.json()) as OpenApiDocument) : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    merged = mergeDocuments(docs.filter((d): d is OpenApiDocument => d !== undefined));
    loadedAt = Date.now();
  }

  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiHooks: { onRequest: (_request, _reply, done) => void refresh().then(() => done(), done) },
    transformSpecification: (own) => {
      const base = own as OpenApiDocument & Record<string, unknown>;
      return {
        ...base,
        info: { title: 'Turumba Support API', version: '0.1.0' },
        paths: { ...(merged?.paths ?? {}) },
        components: { ...base.components, ...merged?.components },
        tags: merged?.tags ?? [],
      };
    },
  });
}

export function mergeDocuments(docs: OpenApiDocument[]): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  const components: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    Object.assign(paths, doc.paths);
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      components[kind] = { ...components[kind], ...entries };
    }
  }
  return { paths, components };
}
