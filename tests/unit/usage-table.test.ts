import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UsageTable } from "@/components/usage-table";
import type { WorkloadUsage } from "@/lib/clickhouse/queries/workload-usage";

const none: Omit<WorkloadUsage, "workload" | "requests"> = {
  errorRatio: null,
  p95Ms: null,
  costUsd: null,
  costPerMillionRequests: null,
};

/** Each body row's cells as [data-value, inner HTML]. */
function cells(rows: WorkloadUsage[]): Record<string, [string | null, string][]> {
  const html = renderToStaticMarkup(createElement(UsageTable, { rows }));
  const out: Record<string, [string | null, string][]> = {};
  for (const [, name, body] of html.matchAll(/<tr data-workload="([^"]*)">(.*?)<\/tr>/g)) {
    out[name!] = [...body!.matchAll(/<td( data-value="([^"]*)")?[^>]*>(.*?)<\/td>/g)].map((m) => [
      m[1] === undefined ? null : m[2]!,
      m[3]!,
    ]);
  }
  return out;
}

describe("UsageTable", () => {
  it("shows a workload without ClickHouse rows as no data in every cell, requests included", () => {
    const got = cells([{ workload: "ghost", requests: null, ...none }]);
    const dash = '<span title="no data">&mdash;</span>';
    expect(got.ghost).toEqual([["", dash], ...Array(4).fill([null, dash])]);
  });

  it("keeps a real 0 (rows that sum to no requests) apart from no data", () => {
    const got = cells([{ workload: "idle", requests: 0, ...none }]);
    expect(got.idle![0]).toEqual(["0", "0"]);
  });
});
