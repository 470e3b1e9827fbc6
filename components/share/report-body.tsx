import { CostView } from "@/components/cost/cost-view";
import { RightSizingTable } from "@/components/cost/right-sizing-table";
import type { ReportData } from "@/lib/share/types";
import { OverviewSnapshot } from "./overview-snapshot";
import { WorkloadSnapshot } from "./workload-snapshot";

/** The workload page's preset over a cost preset's span (app/_pages/cost.tsx does the same). */
const WORKLOAD_RANGE: Record<string, string> = { "7d": "7d", "30d": "30d", "90d": "30d" };

/** A report link's frozen page, drawn with the live page's components. */
export function ReportBody({ data }: { data: ReportData }) {
  switch (data.kind) {
    case "overview":
      return <OverviewSnapshot overview={data.overview} rows={data.rows} />;
    case "workload":
      return <WorkloadSnapshot series={data.series} routes={data.routes} />;
    case "cost":
      return (
        <div className="space-y-6">
          <CostView
            report={data.report}
            workloadRange={WORKLOAD_RANGE[data.report.preset ?? ""] ?? "30d"}
          />
          <RightSizingTable report={data.recommendations} />
        </div>
      );
  }
}
