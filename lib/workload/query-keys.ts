/** react-query keys of the workload page: the same on the server (prefetch) and the client. Pure. */
import type { AlignedRange } from "../time/step";
import { workloadApiPath } from "./url";

export const seriesKey = (name: string, r: AlignedRange) =>
  ["workload-series", name, r.fromMs, r.toMs] as const;

export const routesKey = (name: string, r: AlignedRange) =>
  ["workload-routes", name, r.fromMs, r.toMs] as const;

/** The API path answering a key: unix seconds, so the URL is short and exact. */
export function apiPath(kind: "series" | "routes", name: string, r: AlignedRange): string {
  const q = new URLSearchParams({ from: String(r.fromMs / 1000), to: String(r.toMs / 1000) });
  return `${workloadApiPath(name, kind)}?${q.toString()}`;
}
