/**
 * Every page and route handler under app/ checks the session, read from the source
 * (docs/auth.md): a new page or handler without the check fails here, not in production.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function filesUnder(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path, name);
    return entry === name ? [path] : [];
  });
}

/** Handlers that answer no data: liveness, the API's description, the sign-in itself. */
const PUBLIC_ROUTES = [
  "app/api/v1/health/route.ts",
  "app/api/v1/openapi.json/route.ts",
  "app/api/auth/[...nextauth]/route.ts",
  // Embeds: a signed token authorises them, checked first thing (docs/embeds.md).
  "app/embed/[token]/route.ts",
  "app/embed/[token]/badge.svg/route.ts",
  // A gone report link's 410 page: fixed text, nothing of the link (docs/report-links.md).
  "app/r/[id]/gone/route.ts",
];

/**
 * Handlers with a check of their own instead of a session. /api/metrics carries no workload
 * data (docs/security.md, "Sightline's own metrics"): Prometheus scrapes it with the
 * METRICS_TOKEN bearer token when one is set, so the token check is its first statement.
 */
const OWN_CHECK_ROUTES: Record<string, RegExp> = {
  "app/api/metrics/route.ts":
    /export async function GET\(req: Request\) \{\n  if \(!metricsAllowed\(req\.headers\.get\("authorization"\)\)\) \{\n/,
};

/**
 * Pages whose check is not "signed in": a report link is open to anyone when its creator
 * chose so. lib/share's readReport checks the session and the link's audience, and the
 * page sends a reader without the session it needs to verifySession.
 */
const OWN_CHECK_PAGES: Record<string, RegExp[]> = {
  "app/r/[id]/page.tsx": [
    /\n    result = await readReport\(id\);\n/,
    /\n  if \(result\.kind === "sign-in"\) await verifySession\(\);/,
  ],
};

describe("session checks, from the source", () => {
  const routes = filesUnder("app", "route.ts");
  const pages = filesUnder("app", "page.tsx");

  it("finds the pages and route handlers", () => {
    expect(routes).toContain("app/api/v1/workloads/route.ts");
    for (const f of Object.keys(OWN_CHECK_ROUTES)) expect(routes).toContain(f);
    expect(pages).toContain("app/overview/[range]/page.tsx");
    expect(pages).toContain("app/s/[scope]/overview/[range]/page.tsx");
  });

  it("wraps every data route handler in apiRoute (lib/api/route.ts)", () => {
    const unchecked = routes
      .filter((f) => !PUBLIC_ROUTES.includes(f))
      .flatMap((f) => {
        const src = readFileSync(f, "utf8");
        const own = OWN_CHECK_ROUTES[f];
        if (own) return own.test(src) ? [] : [`${f}: no metricsAllowed check first`];
        const methods = [
          ...src.matchAll(
            /export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
          ),
        ].map((m) => m[1]!);
        expect(methods.length, f).toBeGreaterThan(0);
        return methods
          .filter((m) => !new RegExp(`export const ${m} = apiRoute\\(`).test(src))
          .map((m) => `${f}: ${m}`);
      });
    expect(unchecked).toEqual([]);
  });

  it("checks the session in every page, rendered per request; the twins cached per scope check their scope", () => {
    const problems = pages
      .filter((f) => f !== "app/login/page.tsx")
      .flatMap((f) => {
        const src = readFileSync(f, "utf8");
        const own = OWN_CHECK_PAGES[f];
        if (own && !own.every((check) => check.test(src))) return [`${f}: no readReport check`];
        if (f.startsWith("app/s/[scope]/")) {
          return /\n  (?:const viewer = )?scopedViewer\(scope\);\n/.test(src)
            ? []
            : [`${f}: no scopedViewer(scope)`];
        }
        return [
          // The page's first statement: the session (its viewer scopes what is shown).
          ...(own || /\n  (?:const \w+ = )?await verifySession\((["a-z]*)\);\n/.test(src)
            ? []
            : [`${f}: no verifySession()`]),
          // Rendered per request whatever the environment of `next build`.
          ...(/export const dynamic = "force-dynamic";/.test(src)
            ? []
            : [`${f}: not force-dynamic`]),
        ];
      });
    expect(problems).toEqual([]);
  });
});
