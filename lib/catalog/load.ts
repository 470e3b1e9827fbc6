import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { parseMatchers, type Matcher } from "../promql";
import { candidateConventions, type Convention } from "./conventions";
import {
  checkDefaults,
  DEFAULT_KUBERNETES,
  KubernetesError,
  overlay,
  resolveKubernetes,
  type KubeMapping,
} from "./kubernetes";
import { resolvePricing, type Pricing } from "./pricing";
import { resolveRightsizing, type RightSizingSettings } from "./rightsizing";
import { resolveRoster, type Roster } from "./roster";
import { catalogSchema } from "./schema";
import { resolveSlo, type Slo } from "./slo-schema";

export interface Workload {
  name: string;
  team: string;
  tier: number;
  /** Extra matchers of this workload's own, beyond the grouping label. */
  matchers: Matcher[];
  /** The convention its indicators are read with: the first candidate until discovery picks one. */
  convention: Convention;
  /** Every spelling of its convention Sightline knows, the default first (lib/prometheus/discovery.ts). */
  candidates: { writer: string; convention: Convention }[];
  slos: Slo[];
  /** Its pods and containers in Kubernetes, or why it has none (lib/catalog/kubernetes.ts). */
  kubernetes: KubeMapping;
}

export interface Catalog {
  groupingLabel: string;
  workloads: Workload[];
  /** The on-call roster, when the catalog has one. */
  oncall?: Roster;
  /** CPU and memory prices: the catalog's `pricing:` block over OpenCost's list prices. */
  pricing: Pricing;
  /** How requests are right-sized: the catalog's `rightsizing:` block over KRR's defaults. */
  rightsizing: RightSizingSettings;
}

export class CatalogError extends Error {
  override name = "CatalogError";
}

/** `workloads[2].convention` from a zod path. */
function formatPath(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

function firstIssue(file: string, error: z.ZodError): CatalogError {
  const issue = error.issues[0]!;
  const where = issue.path.length ? formatPath(issue.path) : "(top level)";
  return new CatalogError(`${file}: ${where}: ${issue.message}`);
}

/** Parses and validates catalog text; errors are one line naming the file and key. */
export function parseCatalog(text: string, file: string): Catalog {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new CatalogError(`${file}: not valid YAML: ${msg}`);
  }
  const parsed = catalogSchema.safeParse(raw ?? {});
  if (!parsed.success) throw firstIssue(file, parsed.error);
  const { data } = parsed;
  for (const [i, w] of data.workloads.entries()) {
    const names = (w.slos ?? data.slos).map((s) => resolveSlo(s, data.sloWindow).name);
    const dup = names.find((n, j) => names.indexOf(n) !== j);
    if (dup) {
      const where = w.slos ? `workloads[${i}].slos` : "slos";
      throw new CatalogError(
        `${file}: ${where}: two SLOs named "${dup}": give one a name of its own`,
      );
    }
  }
  const kubeDefaults = overlay(DEFAULT_KUBERNETES, data.kubernetes ?? {});
  const kube = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof KubernetesError) throw new CatalogError(`${file}: ${e.message}`);
      throw e;
    }
  };
  if (data.kubernetes) kube(() => checkDefaults(data.kubernetes!));
  const kubernetes = (w: (typeof data.workloads)[number], i: number): KubeMapping =>
    kube(() => resolveKubernetes(w, kubeDefaults, `workloads[${i}]`));
  return {
    groupingLabel: data.groupingLabel,
    workloads: data.workloads.map((w, i) => {
      const candidates = candidateConventions(w.convention, w.metrics, w.statusLabel);
      return {
        name: w.name,
        team: w.team,
        tier: w.tier,
        matchers: w.selector ? parseMatchers(w.selector) : [],
        convention: candidates[0]!.convention,
        candidates,
        slos: (w.slos ?? data.slos).map((s) => resolveSlo(s, data.sloWindow)),
        kubernetes: kubernetes(w, i),
      };
    }),
    ...(data.oncall && { oncall: resolveRoster(data.oncall) }),
    pricing: resolvePricing(data.pricing),
    rightsizing: resolveRightsizing(data.rightsizing),
  };
}
