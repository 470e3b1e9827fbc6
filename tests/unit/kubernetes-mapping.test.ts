import { describe, expect, it } from "vitest";
import { CatalogError, parseCatalog } from "@/lib/catalog/load";

const FILE = "config/workloads.yaml";

/** A catalog of the given workload lines (flow mappings), after optional top-level lines. */
function catalog(workloads: string[], top = ""): string {
  return `${top}workloads:\n${workloads.map((w) => `  - ${w}\n`).join("")}`;
}

function mappings(workloads: string[], top = "") {
  return parseCatalog(catalog(workloads, top), FILE).workloads.map((w) => w.kubernetes);
}

function errorOf(workloads: string[], top = ""): string {
  try {
    parseCatalog(catalog(workloads, top), FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    const msg = (e as Error).message;
    expect(msg).not.toContain("\n");
    return msg;
  }
  throw new Error("expected the catalog to be refused");
}

const w = (name: string, team: string, kube = "") =>
  `{ name: ${JSON.stringify(name)}, team: ${team}, convention: opentelemetry${kube ? `, kubernetes: ${kube}` : ""} }`;

describe("Kubernetes mapping of the catalog", () => {
  it("maps each workload to the Deployment named like it in its team's namespace by default", () => {
    expect(mappings([w("checkout", "payments"), w("search", "discovery")])).toEqual([
      {
        ok: true,
        target: { namespace: "payments", pods: { owner: "Deployment", name: "checkout" } },
      },
      {
        ok: true,
        target: { namespace: "discovery", pods: { owner: "Deployment", name: "search" } },
      },
    ]);
  });

  it("fills {name} and {team} in the catalog's default, and a workload's keys replace it", () => {
    const top =
      'kubernetes: { namespace: "{team}-prod", deployment: "{name}-web", container: "app|{name}" }\n';
    expect(
      mappings(
        [
          w("checkout", "payments"),
          w("redis", "platform", "{ statefulset: redis-main }"),
          w("agent", "platform", "{ daemonset: '{team}-{name}', namespace: monitoring }"),
          w("legacy", "payments", "{ pod: '{name}-(web|worker)-.*', container: web }"),
          w("api", "core", "{ namespace: shared }"),
        ],
        top,
      ),
    ).toEqual([
      {
        ok: true,
        target: {
          namespace: "payments-prod",
          pods: { owner: "Deployment", name: "checkout-web" },
          container: "app|checkout",
        },
      },
      {
        ok: true,
        target: {
          namespace: "platform-prod",
          pods: { owner: "StatefulSet", name: "redis-main" },
          container: "app|redis",
        },
      },
      {
        ok: true,
        target: {
          namespace: "monitoring",
          pods: { owner: "DaemonSet", name: "platform-agent" },
          container: "app|agent",
        },
      },
      {
        ok: true,
        target: {
          namespace: "payments-prod",
          pods: { pattern: "legacy-(web|worker)-.*" },
          container: "web",
        },
      },
      {
        // its own namespace; the default's kind and container regex are kept
        ok: true,
        target: {
          namespace: "shared",
          pods: { owner: "Deployment", name: "api-web" },
          container: "app|api",
        },
      },
    ]);
  });

  it("reads {name} and {team} in a pod or container regex as the literal values", () => {
    const [m] = mappings([w("svc.v2", "t", "{ pod: '{name}-[a-z0-9]+', container: '{team}' }")]);
    expect(m).toEqual({
      ok: true,
      target: { namespace: "t", pods: { pattern: "svc\\.v2-[a-z0-9]+" }, container: "t" },
    });
  });

  it("leaves a workload unmapped, saying why, when the default gives no valid name for it", () => {
    const [upper, slash, team] = mappings([
      w("Checkout", "payments"),
      w("shop/api", "payments"),
      w("search", "Discovery"),
    ]);
    expect(upper).toEqual({
      ok: false,
      reason:
        'the catalog\'s default kubernetes.deployment "{name}" gives "Checkout", which is not a Kubernetes object name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit): set kubernetes.deployment (or statefulset, daemonset, pod) for this workload',
    });
    expect(slash!.ok).toBe(false);
    expect(team).toEqual({
      ok: false,
      reason:
        'the catalog\'s default kubernetes.namespace "{team}" gives "Discovery", which is not a Kubernetes namespace name (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit): set kubernetes.namespace for this workload',
    });
    // Its own keys fix it.
    expect(mappings([w("Checkout", "payments", "{ deployment: checkout }")])[0]!.ok).toBe(true);
  });

  it("takes kubernetes: false for a workload that does not run in Kubernetes", () => {
    expect(mappings([w("billing", "payments", "false")])).toEqual([
      { ok: false, reason: "the catalog says it does not run in Kubernetes (kubernetes: false)" },
    ]);
  });

  it("refuses a value the workload wrote that is no Kubernetes name, in one line naming the key", () => {
    expect(errorOf([w("a", "t"), w("checkout", "payments", "{ deployment: Checkout }")])).toBe(
      `${FILE}: workloads[1].kubernetes.deployment: "Checkout" is not a Kubernetes object name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)`,
    );
    expect(errorOf([w("Shop", "payments", "{ namespace: '{name}' }")])).toBe(
      `${FILE}: workloads[0].kubernetes.namespace: "{name}" gives "Shop", which is not a Kubernetes namespace name (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit)`,
    );
    expect(errorOf([w("db", "data", "{ statefulset: db_main }")])).toMatch(
      /^config\/workloads\.yaml: workloads\[0\]\.kubernetes\.statefulset: "db_main" is not a Kubernetes object name/,
    );
    expect(errorOf([w("a", "t", "{ namespace: '{nam}' }")])).toBe(
      `${FILE}: workloads[0].kubernetes.namespace: unknown placeholder: use {name} (the workload's name) or {team}`,
    );
    expect(errorOf([w("a", "t", "{ deployment: a, statefulset: a }")])).toBe(
      `${FILE}: workloads[0].kubernetes: expected one of deployment, statefulset, daemonset or pod, not several`,
    );
    expect(errorOf([w("a", "t", "{ pod: 'a(' }")])).toMatch(
      /^config\/workloads\.yaml: workloads\[0\]\.kubernetes\.pod: not a valid regular expression: /,
    );
    expect(errorOf([w("a", "t", "{ container: '(?!istio).*' }")])).toBe(
      `${FILE}: workloads[0].kubernetes.container: "(?!istio).*": Prometheus's regular expressions (RE2) have no lookaround or backreferences`,
    );
    expect(errorOf([w("a", "t", "{ deploy: a }")])).toMatch(
      /^config\/workloads\.yaml: workloads\[0\]\.kubernetes: .*"deploy"/,
    );
    expect(errorOf([w("a", "t", "true")])).toBe(
      `${FILE}: workloads[0].kubernetes: expected a mapping (namespace, deployment, statefulset, daemonset, pod, container) or false`,
    );
  });

  it("refuses a catalog-wide default that can give no valid name, naming its key", () => {
    expect(errorOf([w("a", "t")], "kubernetes: { namespace: Prod }\n")).toBe(
      `${FILE}: kubernetes.namespace: "Prod" is not a Kubernetes namespace name (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit)`,
    );
    expect(errorOf([w("a", "t")], 'kubernetes: { deployment: "{name}_web" }\n')).toBe(
      `${FILE}: kubernetes.deployment: "{name}_web" can give no valid name: with {name} and {team} filled in, it is not a Kubernetes object name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)`,
    );
    expect(errorOf([w("a", "t")], "kubernetes: { false: 1 }\n")).toMatch(
      /^config\/workloads\.yaml: kubernetes: /,
    );
  });
});
