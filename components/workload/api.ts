import { apiPath } from "@/lib/workload/query-keys";
import type { AlignedRange } from "@/lib/time/step";
import type { WorkloadRoutes, WorkloadSeries } from "@/lib/workload/types";

/** An API failure as the panel shows it: the source is Sightline's own API. */
export class ApiError extends Error {
  override name = "ApiError";
}

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: "application/json" } });
  // 503 still carries per-panel errors: the panels show them.
  if (!res.ok && res.status !== 503) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(
      `HTTP ${res.status}${body?.error?.message ? `: ${body.error.message}` : ""}`,
    );
  }
  return (await res.json()) as T;
}

export const fetchSeries = (name: string, r: AlignedRange, signal: AbortSignal) =>
  getJson<WorkloadSeries>(apiPath("series", name, r), signal);

export const fetchRoutes = (name: string, r: AlignedRange, signal: AbortSignal) =>
  getJson<WorkloadRoutes>(apiPath("routes", name, r), signal);
