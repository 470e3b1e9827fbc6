import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { WorkloadView } from "@/components/workload/workload-view";
import { isRange } from "@/lib/time/ranges";
import { currentPresetRange } from "@/lib/time/step";
import { getQueryClient } from "@/lib/query/query-client";
import { allFailed, findWorkload, getWorkloadRoutes, getWorkloadSeries } from "@/lib/workload";
import { routesKey, seriesKey } from "@/lib/workload/query-keys";
import { workloadFromSegment } from "@/lib/workload/url";

// ISR: rendered on the first request, never at build. The period is an upper bound;
// the data cache inside getWorkloadSeries lowers it to REVALIDATE_SECONDS.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Params = Promise<{ name: string; range: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { name, range } = await params;
  return { title: `${workloadFromSegment(name) ?? name} · ${range}` };
}

export default async function WorkloadPage({ params }: { params: Params }) {
  const { name: segment, range } = await params;
  const name = workloadFromSegment(segment);
  if (name === null || !isRange(range) || !findWorkload(name)) notFound();
  const aligned = currentPresetRange(range);
  const qc = getQueryClient();
  const [series, routes] = await Promise.all([
    getWorkloadSeries(name, aligned),
    getWorkloadRoutes(name, aligned),
  ]);
  // Throwing keeps Next.js serving the last good page instead of caching an empty one.
  if (allFailed(series, routes)) throw new Error(`every data source failed for ${name}`);
  await Promise.all([
    qc.prefetchQuery({ queryKey: seriesKey(name, aligned), queryFn: () => series }),
    qc.prefetchQuery({ queryKey: routesKey(name, aligned), queryFn: () => routes }),
  ]);

  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <WorkloadView name={name} preset={range} presetRange={aligned} />
    </HydrationBoundary>
  );
}
