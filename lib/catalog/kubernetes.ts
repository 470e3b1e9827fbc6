/**
 * Where a workload runs in Kubernetes, as real clusters label it: a namespace plus the
 * Deployment, StatefulSet or DaemonSet that owns its pods (resolved through
 * kube-state-metrics' owner series), or pods by name. Container metrics (cAdvisor) and
 * requests (kube-state-metrics) carry `namespace`, `pod` and `container`, never the
 * catalog's grouping label, so CPU, memory, replicas and cost are selected with this
 * mapping (docs/architecture.md, "Workloads in Kubernetes").
 */
import { z } from "zod";

export const OWNER_KINDS = {
  deployment: "Deployment",
  statefulset: "StatefulSet",
  daemonset: "DaemonSet",
} as const;
export type OwnerKind = (typeof OWNER_KINDS)[keyof typeof OWNER_KINDS];

/** The pods of one workload. */
export interface KubeTarget {
  namespace: string;
  pods: { owner: OwnerKind; name: string } | { pattern: string };
  /** Only containers whose name matches (RE2, anchored); every container when absent. */
  container?: string;
}

/** What a workload's Kubernetes objects are, or why it has none. */
export type KubeMapping = { ok: true; target: KubeTarget } | { ok: false; reason: string };

/** A regular expression as Prometheus reads it (RE2, anchored); JavaScript's parser catches the usual mistakes. */
const pattern = z
  .string()
  .min(1, "expected a regular expression")
  .superRefine((v, ctx) => {
    try {
      new RegExp(`^(?:${v})$`, "u");
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

export const kubernetesSchema = z
  .object({
    namespace: template.optional(),
    deployment: template.optional(),
    statefulset: template.optional(),
    daemonset: template.optional(),
    /** Pods by name instead of by owner (RE2, anchored), e.g. `legacy-.*`. */
    pod: pattern.optional(),
    container: pattern.optional(),
  })
  .strict()
  .refine(
    (k) => ["deployment", "statefulset", "daemonset", "pod"].filter((x) => x in k).length <= 1,
    "expected one of deployment, statefulset, daemonset or pod, not several",
  );

export type KubernetesInput = z.infer<typeof kubernetesSchema>;

/** Used when the catalog names no default: namespace = team, Deployment = workload name. */
export const DEFAULT_KUBERNETES: KubernetesInput = { namespace: "{team}", deployment: "{name}" };

const KINDS = ["deployment", "statefulset", "daemonset", "pod"] as const;

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

const fill = (t: string, w: { name: string; team: string }) =>
  t.replace(/\{(name|team)\}/g, (_, k: "name" | "team") => w[k]);

/**
 * The workload's mapping: its own keys over the catalog's default (a kind of its own
 * replaces the default's kind). A value the workload wrote that is no Kubernetes name is
 * an error naming its key; a default that gives no valid name for this workload (a
 * workload named `Checkout` or `shop/api`) leaves it unmapped, with the reason.
 */
export function resolveKubernetes(
  w: { name: string; team: string; kubernetes?: KubernetesInput },
  defaults: KubernetesInput,
  where: string,
): KubeMapping {
  const own = w.kubernetes ?? {};
  const merged = overlay(defaults, own);
  const fromDefault = (key: keyof KubernetesInput) => own[key] === undefined;
  const check = (key: "namespace" | "deployment" | "statefulset" | "daemonset", re: RegExp) => {
    const raw = merged[key];
    if (raw === undefined) return { value: undefined };
    const value = fill(raw, w);
    if (re.test(value)) return { value };
    const msg = `${JSON.stringify(raw)} gives ${JSON.stringify(value)}, which is not a Kubernetes ${key === "namespace" ? "namespace" : "object"} name`;
    if (!fromDefault(key)) throw new KubernetesError(`${where}.kubernetes.${key}: ${msg}`);
    return {
      reason: `the catalog's default kubernetes.${key} ${msg}: set kubernetes.${key} for this workload`,
    };
  };
  const ns = check("namespace", DNS_LABEL);
  if ("reason" in ns) return { ok: false, reason: ns.reason! };
  if (ns.value === undefined) {
    return {
      ok: false,
      reason: "no kubernetes.namespace: set it for this workload or as the catalog's default",
    };
  }
  const container = merged.container === undefined ? {} : { container: merged.container };
  if (merged.pod !== undefined) {
    return {
      ok: true,
      target: { namespace: ns.value, pods: { pattern: merged.pod }, ...container },
    };
  }
  for (const key of ["deployment", "statefulset", "daemonset"] as const) {
    const r = check(key, DNS_SUBDOMAIN);
    if ("reason" in r) return { ok: false, reason: r.reason! };
    if (r.value !== undefined) {
      const owner = OWNER_KINDS[key];
      return {
        ok: true,
        target: { namespace: ns.value, pods: { owner, name: r.value }, ...container },
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
