import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as csvGET } from "@/app/api/v1/cost/recommendations.csv/route";
import { GET } from "@/app/api/v1/cost/recommendations/route";
import { openApiDocument } from "@/lib/api/openapi";
import { parseCatalog } from "@/lib/catalog/load";
import type { RecommendationsReport } from "@/lib/cost/recommendations";
import type { ResourceRecommendation, RightSizingRow } from "@/lib/cost/rightsizing";
import { csvObjects } from "../support/csv";

const NAME = 'shop, "EU"\nsearch';

vi.mock("@/lib/catalog", () => ({
  getCatalog: () =>
    parseCatalog(
      `workloads:
  - { name: checkout, team: shop, convention: prometheus-client }
  - { name: ${JSON.stringify(NAME)}, team: search, convention: prometheus-client }
`,
      "c.yaml",
    ),
}));

const report = vi.hoisted(() => ({ current: undefined as unknown }));
const asked: number[] = [];
vi.mock("@/lib/cost/recommendations", () => ({
  getRecommendations: async (at: number) => {
    asked.push(at);
    return report.current;
  },
  recommendationsFailed: (r: RecommendationsReport) => !r.result.ok,
}));

const resource = (savings: number | null): ResourceRecommendation => ({
  current: 1,
  basis: 0.5,
  computed: 0.5,
  recommended: 0.5,
  dataPoints: 1000,
  heldBack: [],
  savingsUsdPerMonth: savings,
});
const row = (workload: string, team: string, savings: number): RightSizingRow => ({
  key: JSON.stringify([workload, "app"]),
  workload,
  team,
  namespace: team,
  target: `Deployment ${team}`,
  container: "app",
  pods: 1,
  cpu: resource(savings),
  memory: resource(null),
  savingsUsdPerMonth: savings,
  busyHoursBurn: null,
});

const EVALUATED = "2026-05-04T12:05:00.000Z";
const good = (): RecommendationsReport => ({
  evaluatedAt: EVALUATED,
  result: {
    ok: true,
    data: {
      settings: {
        history: "14d",
        step: "75s",
        cpuPercentile: 95,
        memoryBufferPercent: 15,
        minDataPoints: 100,
        cpuMinCores: 0.01,
        memoryMinBytes: 100 * 1024 ** 2,
        allowHpa: false,
        latencyGuard: { busyHoursQuantile: 0.9, burnRate: 1 },
      },
      rows: [row("checkout", "shop", 20), row(NAME, "search", 5)],
      missing: [],
      totalSavingsUsdPerMonth: 25,
    },
  },
});

const req = (path: string) => new NextRequest(`http://localhost${path}`);

beforeEach(() => {
  report.current = good();
  asked.length = 0;
});

describe("GET /api/v1/cost/recommendations", () => {
  it("answers JSON: settings, rows by savings, total", async () => {
    const res = await GET(req("/api/v1/cost/recommendations"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.evaluatedAt).toBe(EVALUATED);
    expect(body.totalSavingsUsdPerMonth).toBe(25);
    expect(body.recommendations.map((r: RightSizingRow) => r.workload)).toEqual(["checkout", NAME]);
    expect(body.settings.cpuPercentile).toBe(95);
  });

  it("narrows to a team or a workload", async () => {
    const byTeam = await (await GET(req("/api/v1/cost/recommendations?team=search"))).json();
    expect(byTeam.recommendations.map((r: RightSizingRow) => r.workload)).toEqual([NAME]);
    expect(byTeam.totalSavingsUsdPerMonth).toBe(5);
    const byName = await (
      await GET(req(`/api/v1/cost/recommendations?workload=${encodeURIComponent(NAME)}`))
    ).json();
    expect(byName.recommendations).toHaveLength(1);
  });

  it.each([
    ["?format=xml", "format", "expected one of json, csv"],
    ["?time=yesterday", "time", "expected an ISO 8601 timestamp or unix seconds"],
    ["?team=nobody", "team", 'no workload of the catalog has team "nobody"'],
    ["?workload=ghost", "workload", 'no workload named "ghost" in the catalog'],
  ])("400 for %s names the parameter", async (query, parameter, message) => {
    const res = await GET(req(`/api/v1/cost/recommendations${query}`));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { parameter, message } });
    expect(asked).toEqual([]);
  });

  it("503 when Prometheus failed and nothing was answered before", async () => {
    const error = { source: "Prometheus", tag: "rightsizing:usage", message: "down" } as const;
    report.current = { evaluatedAt: EVALUATED, result: { ok: false, error } };
    const res = await GET(req("/api/v1/cost/recommendations"));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ evaluatedAt: EVALUATED, error });
  });

  it("says when the recommendations are stale", async () => {
    const r = good();
    const error = { source: "Prometheus", tag: "rightsizing:usage", message: "down" } as const;
    report.current = {
      ...r,
      result: { ...r.result, stale: { asOf: "2026-05-04T12:00:00.000Z", error } },
    };
    const json = await (await GET(req("/api/v1/cost/recommendations"))).json();
    expect(json.stale).toMatchObject({ asOf: "2026-05-04T12:00:00.000Z", panels: ["result"] });
    const csv = await GET(req("/api/v1/cost/recommendations?format=csv"));
    expect(csv.headers.get("X-Sightline-Stale-As-Of")).toBe("2026-05-04T12:00:00.000Z");
  });
});

describe("the CSV download", () => {
  it.each(["/api/v1/cost/recommendations?format=csv", "/api/v1/cost/recommendations.csv"])(
    "%s: an attachment named after the evaluation time, reading back to the rows",
    async (path) => {
      const res = await (path.includes(".csv") ? csvGET : GET)(req(path));
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
      expect(res.headers.get("Content-Disposition")).toBe(
        'attachment; filename="sightline-rightsizing-2026-05-04T1205Z.csv"',
      );
      const rows = csvObjects(await res.text());
      expect(rows.map((r) => r.workload)).toEqual(["checkout", NAME]);
      expect(rows[1]!.savings_usd_per_month).toBe("5");
    },
  );

  it("refuses another format on the .csv path", async () => {
    const res = await csvGET(req("/api/v1/cost/recommendations.csv?format=json"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.parameter).toBe("format");
  });

  it("passes the time on, parsed", async () => {
    await csvGET(req("/api/v1/cost/recommendations.csv?time=1700000000"));
    expect(asked).toEqual([1700000000_000]);
  });
});

describe("the OpenAPI document", () => {
  it("describes both paths, their parameters and the row", () => {
    const paths = openApiDocument.paths;
    const json = paths["/api/v1/cost/recommendations"].get;
    expect(json.parameters.map((p) => p.name)).toEqual(["format", "time", "team", "workload"]);
    expect(Object.keys(json.responses)).toEqual(["200", "400", "503"]);
    expect(paths["/api/v1/cost/recommendations.csv"].get.parameters.map((p) => p.name)).toEqual([
      "time",
      "team",
      "workload",
    ]);
    expect(Object.keys(openApiDocument.components.schemas)).toContain("RightSizingRow");
  });
});
