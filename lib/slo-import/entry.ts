/**
 * Catalog settings from the metrics an import's queries name: the convention preset that
 * reads them, and the overrides it needs. Also compares conventions field by field.
 */
import {
  presetConvention,
  resolveConvention,
  type Convention,
  type Preset,
} from "../catalog/conventions";
import { resolveSlo, type SloWindow } from "../catalog/slo-schema";
import { formatMatchers, type Facts } from "./mapping";
import type { ConventionField, MetricsEntry, SloEntry } from "./types";

export interface Settings {
  convention: Preset;
  statusLabel?: string;
  metrics: MetricsEntry;
  determined: ConventionField[];
  conventionAssumed: boolean;
}

function presetOf(requests: string | undefined, latency: string | undefined): Preset | null {
  for (const preset of ["prometheus-client", "opentelemetry"] as const) {
    const c = presetConvention(preset);
    if (requests ? requests === c.requests : latency === c.latency) return preset;
  }
  return null;
}

export function settingsFor(facts: Facts): Settings {
  const known = facts.requests !== undefined || facts.latency !== undefined;
  const convention = known ? (presetOf(facts.requests, facts.latency) ?? "custom") : null;
  const preset = convention ?? "prometheus-client";
  const out: Settings = {
    convention: preset,
    metrics: {},
    determined: [],
    conventionAssumed: convention === null,
  };
  const base = resolveConvention(preset, {});
  if (facts.failures !== undefined) {
    // A counter of failures apart from the requests: its own matchers, if any, are errors.
    out.determined.push("requests", "failures", "errors");
    out.metrics.failures = facts.failures;
    if (facts.errors?.length) out.metrics.errors = formatMatchers(facts.errors);
    if (preset === "custom") out.metrics.requests = facts.requests;
  } else if (facts.requests !== undefined) {
    out.determined.push("requests", "errors");
    const [only, ...more] = facts.errors ?? [];
    const status = preset !== "custom" && only && !more.length && only.op === "=~";
    if (status && only.value === "5..") {
      if (only.label !== base.errors[0]!.label) out.statusLabel = only.label;
    } else {
      out.metrics.errors = formatMatchers(facts.errors ?? []);
    }
    if (preset === "custom") out.metrics.requests = facts.requests;
  }
  for (const key of ["latency", "cache", "poolInUse", "poolMax"] as const) {
    const value = facts[key];
    if (value === undefined) continue;
    out.determined.push(key);
    if (value !== base[key] || preset === "custom") out.metrics[key] = value;
  }
  if (preset === "custom") {
    // Keep the catalog's key order: requests, failures, errors, latency, then the rest.
    const { requests, failures, errors, latency, ...rest } = out.metrics;
    out.metrics = { requests, failures, errors, latency, ...rest };
    for (const k of Object.keys(out.metrics) as ConventionField[]) {
      if (out.metrics[k] === undefined) delete out.metrics[k];
    }
  }
  return out;
}

/** One resolved convention field as text, for comparing and for messages. */
export function fieldText(c: Convention, field: ConventionField): string {
  if (field === "errors")
    return formatMatchers([...c.errors].sort((a, b) => (a.label < b.label ? -1 : 1)));
  return c[field];
}

/** The catalog name of an SLO: `availability`, `latency-200ms`, `pool-utilization-80`. */
export function sloName(s: SloEntry & { name?: string }): string {
  return resolveSlo(s, "30d").name;
}

/** `99.9% over 30d`, as the lines print an objective. */
export function describeSlo(s: SloEntry, defaultWindow: SloWindow = "30d"): string {
  return `${s.objective}% over ${s.window ?? defaultWindow}`;
}

/** Whether two SLOs hold the same objective (the window resolved against each default). */
export function sameSlo(a: SloEntry, b: SloEntry, aDefault: SloWindow, bDefault: SloWindow) {
  const ra = resolveSlo(a, aDefault);
  const rb = resolveSlo(b, bDefault);
  return (
    ra.name === rb.name &&
    ra.objective === rb.objective &&
    ra.threshold === rb.threshold &&
    ra.window === rb.window
  );
}
