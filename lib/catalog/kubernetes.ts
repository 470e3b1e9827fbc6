/**
 * Where a workload runs in Kubernetes, as real clusters label it: a namespace plus the
 * Deployment, StatefulSet or DaemonSet that owns its pods (resolved through
 * kube-state-metrics' owner series), or pods by name. Container metrics (cAdvisor) and
 * requests (kube-state-metrics) carry `namespace`, `pod` and `container`, never the
 * catalog's grouping label, so CPU, memory, replicas and cost are selected with this
 * mapping (docs/architecture.md, "Workloads in Kubernetes"). Pure: no I/O.
 */
import { z } from "zod";
import { escapeRegex } from "../promql";

export const OWNER_KINDS = {
  deployment: "Deployment",
  statefulset: "StatefulSet",
  daemonset: "DaemonSet",
} as const;
export type OwnerKey = keyof typeof OWNER_KINDS;
export type OwnerKind = (typeof OWNER_KINDS)[OwnerKey];

/** The pods of one workload. */
export interface KubeTarget {
  namespace: string;
  /** The controller that owns its pods, or a regex of pod names (RE2, anchored). */
  pods: { owner: OwnerKind; name: string } | { pattern: string };
  /** Only containers whose name matches (RE2, anchored); every container when absent. */
  container?: string;
}

/** What a workload's Kubernetes objects are, or why it has none. */
export type KubeMapping = { ok: true; target: KubeTarget } | { ok: false; reason: string };

/** "Deployment payments/checkout", "pods payments/legacy-.*": how messages name a target. */
export function describeTarget(t: KubeTarget): string {
  return "owner" in t.pods
    ? `${t.pods.owner} ${t.namespace}/${t.pods.name}`
    : `pods ${t.namespace}/${t.pods.pattern}`;
}

/**
 * A regular expression as Prometheus reads it: RE2, anchored. JavaScript's parser catches
 * the usual mistakes; what only JavaScript has (lookaround, backreferences) is refused,
 * because Prometheus would refuse every query that carries it.
 */
const pattern = z
  .string()
  .min(1, "expected a regular expression")
  .superRefine((v, ctx) => {
    if (/\(\?<?[=!]/.test(v) || /\\[1-9]/.test(v)) {
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(v)}: Prometheus's regular expressions (RE2) have no lookaround or backreferences`,
      });
      return;
    }
    try {
      new RegExp(`^(?:${v})$`);
    } catch (e) {
      ctx.addIssue({
        code: "custom",
        message: `not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  });

/** A name or a template of one: `{name}` and `{team}` stand for the workload's. */
const template = z
  .string()
  .min(1, "expected a name, or a template such as {name} or {team}")
  .refine(
    (v) => [...v.matchAll(/\{([^}]*)\}/g)].every((m) => m[1] === "name" || m[1] === "team"),
    "unknown placeholder: use {name} (the workload's name) or {team}",
  );

const KINDS = ["deployment", "statefulset", "daemonset", "pod"] as const;

export const kubernetesSchema = z
  .object({
    namespace: template.optional(),
    deployment: template.optional(),
    statefulset: template.optional(),
    daemonset: template.optional(),
    /** Pods by name instead of by owner (RE2, anchored), e.g. `legacy-.*` or `{name}-.*`. */
    pod: pattern.optional(),
    /** Only these containers (RE2, anchored), e.g. `app` or `{name}`; all of the pod's when absent. */
    container: pattern.optional(),
  })
  .strict()
  .refine(
    (k) => KINDS.filter((x) => k[x] !== undefined).length <= 1,
    "expected one of deployment, statefulset, daemonset or pod, not several",
  );

export type KubernetesInput = z.infer<typeof kubernetesSchema>;

/** A workload's own `kubernetes:`: a mapping over the catalog's default, or `false` (not in Kubernetes). */
export const workloadKubernetesSchema = z.union([z.literal(false), kubernetesSchema], {
  error:
    "expected a mapping (namespace, deployment, statefulset, daemonset, pod, container) or false",
});

/** Used when the catalog names no default: namespace = team, Deployment = workload name. */
export const DEFAULT_KUBERNETES: KubernetesInput = { namespace: "{team}", deployment: "{name}" };

/** `top` over `base`; a kind in `top` (deployment, statefulset, daemonset or pod) replaces base's. */
export function overlay(base: KubernetesInput, top: KubernetesInput): KubernetesInput {
  const kind = KINDS.some((k) => top[k] !== undefined);
  const kept = kind
    ? Object.fromEntries(
        Object.entries(base).filter(([k]) => !(KINDS as readonly string[]).includes(k)),
      )
    : base;
  return { ...kept, ...top };
}

/** RFC 1123 label (namespaces) and subdomain (object names), as the API server checks them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type NameKey = "namespace" | OwnerKey;

const RULES: Record<NameKey, { re: RegExp; what: string }> = {
  namespace: {
    re: DNS_LABEL,
    what: 'a Kubernetes namespace name (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit)',
  },
  ...(Object.fromEntries(
    Object.keys(OWNER_KINDS).map((k) => [
      k,
      {
        re: DNS_SUBDOMAIN,
        what: 'a Kubernetes object name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)',
      },
    ]),
  ) as Record<OwnerKey, { re: RegExp; what: string }>),
};

const fill = (t: string, w: { name: string; team: string }, escape = (v: string) => v) =>
  t.replace(/\{(name|team)\}/g, (_, k: "name" | "team") => escape(w[k]));

/** Why `raw` (filled for `w`) is no name for `key`, or undefined when it is one. */
function nameProblem(key: NameKey, raw: string, w: { name: string; team: string }) {
  const value = fill(raw, w);
  if (RULES[key].re.test(value)) return undefined;
  const shown =
    value === raw
      ? JSON.stringify(raw)
      : `${JSON.stringify(raw)} gives ${JSON.stringify(value)}, which`;
  return `${shown} is not ${RULES[key].what}`;
}

/**
 * Refuses a catalog-wide default that can give no valid name for any workload (`Prod`,
 * `{team}_prod`): its parts outside the placeholders are checked with placeholders that
 * are valid names themselves. A default that is invalid only for some workloads' names
 * (`{name}` for a workload named `Checkout`) leaves those unmapped instead.
 */
export function checkDefaults(defaults: KubernetesInput, where = "kubernetes"): void {
  for (const key of ["namespace", ...Object.keys(OWNER_KINDS)] as NameKey[]) {
    const raw = defaults[key];
    if (raw === undefined) continue;
    const problem = nameProblem(key, raw, { name: "a", team: "a" });
    if (problem) {
      throw new KubernetesError(
        `${where}.${key}: ${raw.includes("{") ? `${JSON.stringify(raw)} can give no valid name: with {name} and {team} filled in, it is not ${RULES[key].what}` : problem}`,
      );
    }
  }
}

/**
 * The workload's mapping: its own keys over the catalog's default (a kind of its own
 * replaces the default's kind). A value the workload wrote that is no Kubernetes name is
 * an error naming its key; a default that gives no valid name for this workload (a
 * workload named `Checkout` or `shop/api`) leaves it unmapped, with the reason.
 */
export function resolveKubernetes(
  w: { name: string; team: string; kubernetes?: KubernetesInput | false },
  defaults: KubernetesInput,
  where: string,
): KubeMapping {
  if (w.kubernetes === false) {
    return {
      ok: false,
      reason: "the catalog says it does not run in Kubernetes (kubernetes: false)",
    };
  }
  const own = w.kubernetes ?? {};
  const merged = overlay(defaults, own);
  const check = (key: NameKey): { value?: string; reason?: string } => {
    const raw = merged[key];
    if (raw === undefined) return {};
    const problem = nameProblem(key, raw, w);
    if (!problem) return { value: fill(raw, w) };
    if (own[key] !== undefined) throw new KubernetesError(`${where}.kubernetes.${key}: ${problem}`);
    return {
      reason: `the catalog's default kubernetes.${key} ${problem}: set kubernetes.${key === "namespace" ? "namespace" : "deployment (or statefulset, daemonset, pod)"} for this workload`,
    };
  };
  const ns = check("namespace");
  if (ns.reason) return { ok: false, reason: ns.reason };
  if (ns.value === undefined) {
    return {
      ok: false,
      reason: "no kubernetes.namespace: set it for this workload or as the catalog's default",
    };
  }
  // In a regex, {name} and {team} stand for the literal values.
  const regex = (p: string) => fill(p, w, escapeRegex);
  const container = merged.container === undefined ? {} : { container: regex(merged.container) };
  if (merged.pod !== undefined) {
    return {
      ok: true,
      target: { namespace: ns.value, pods: { pattern: regex(merged.pod) }, ...container },
    };
  }
  for (const key of Object.keys(OWNER_KINDS) as OwnerKey[]) {
    const r = check(key);
    if (r.reason) return { ok: false, reason: r.reason };
    if (r.value !== undefined) {
      return {
        ok: true,
        target: {
          namespace: ns.value,
          pods: { owner: OWNER_KINDS[key], name: r.value },
          ...container,
        },
      };
    }
  }
  return {
    ok: false,
    reason:
      "no deployment, statefulset, daemonset or pod: set one under kubernetes for this workload",
  };
}

export class KubernetesError extends Error {
  override name = "KubernetesError";
}
