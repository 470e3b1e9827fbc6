import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { ShareButton } from "@/components/share/share-button";
import { WorkloadView } from "@/components/workload/workload-view";
import type { VerifiedSession } from "@/lib/auth/session";
import { maySeeWorkload } from "@/lib/auth/viewer-scope";
import { isRange } from "@/lib/time/ranges";
import { currentPresetRange } from "@/lib/time/step";
import { getQueryClient } from "@/lib/query/query-client";
import { allFailed, getWorkloadRoutes, getWorkloadSeries } from "@/lib/workload";
import { routesKey, seriesKey } from "@/lib/workload/query-keys";
import { workloadFromSegment } from "@/lib/workload/url";
import { measureRender } from "@/lib/metrics";

export type WorkloadParams = Promise<{ name: string; range: string }>;

export async function workloadMetadata({ params }: { params: WorkloadParams }) {
  const { name, range } = await params;
  return { title: `${workloadFromSegment(name) ?? name} · ${range}` };
}

/**
 * A workload's page, shared by its two routes (docs/auth.md): app/workloads/[name]/[range]
 * checks the session on every request; app/open/workloads/[name]/[range], served while
 * sign-in is off, is ISR. `cached`: as for the overview (app/_pages/overview.tsx). A
 * workload of a team not the `viewer`'s is not found, exactly like an unknown one
 * (docs/auth.md, "Team scopes").
 */
async function renderWorkloadPage({
  segment,
  range,
  cached,
  viewer,
}: {
  segment: string;
  range: string;
  cached: boolean;
  viewer: VerifiedSession;
}) {
  const name = workloadFromSegment(segment);
  if (name === null || !isRange(range) || !maySeeWorkload(viewer, name)) notFound();
  const aligned = currentPresetRange(range);
  const qc = getQueryClient();
  const [series, routes] = await Promise.all([
    getWorkloadSeries(name, aligned),
    getWorkloadRoutes(name, aligned),
  ]);
  // Throwing keeps Next.js serving the last good page instead of caching an empty one.
  if (cached && allFailed(series, routes)) throw new Error(`every data source failed for ${name}`);
  await Promise.all([
    qc.prefetchQuery({ queryKey: seriesKey(name, aligned), queryFn: () => series }),
    qc.prefetchQuery({ queryKey: routesKey(name, aligned), queryFn: () => routes }),
  ]);

  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <WorkloadView
        name={name}
        preset={range}
        presetRange={aligned}
        actions={
          <ShareButton
            viewer={viewer}
            kind="workload"
            range={range}
            workload={name}
            title={`${name}, ${range}`}
          />
        }
      />
    </HydrationBoundary>
  );
}

/** The page, its server render measured (docs/own-metrics.md). */
export async function WorkloadPage(props: Parameters<typeof renderWorkloadPage>[0]) {
  return measureRender("workload", () => renderWorkloadPage(props));
}
