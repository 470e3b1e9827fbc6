import { describe, expect, it } from "vitest";
import type { ResourceRecommendation, RightSizing, RightSizingRow } from "@/lib/cost/rightsizing";
import { CSV_HEADER, csvField, csvFilename, rightSizingCsv } from "@/lib/cost/rightsizing-csv";
import { csvObjects, parseCsv } from "../support/csv";

const MIB = 1024 ** 2;

const resource = (over: Partial<ResourceRecommendation> = {}): ResourceRecommendation => ({
  current: 1,
  basis: 0.45,
  computed: 0.45,
  recommended: 0.45,
  dataPoints: 4000,
  heldBack: [],
  savingsUsdPerMonth: 12.345,
  ...over,
});

const row = (workload: string, over: Partial<RightSizingRow> = {}): RightSizingRow => ({
  key: JSON.stringify([workload, "app"]),
  workload,
  team: "shop",
  namespace: "shop",
  target: "Deployment checkout",
  container: "app",
  pods: 2,
  cpu: resource(),
  memory: resource({
    current: 2048 * MIB,
    basis: 900 * MIB,
    computed: 1035 * MIB,
    recommended: 1035 * MIB,
    savingsUsdPerMonth: 6.1,
  }),
  savingsUsdPerMonth: 18.446,
  busyHoursBurn: null,
  ...over,
});

const table = (rows: RightSizingRow[]): RightSizing => ({
  settings: {
    history: "14d",
    step: "75s",
    cpuPercentile: 95,
    memoryBufferPercent: 15,
    minDataPoints: 100,
    cpuMinCores: 0.01,
    memoryMinBytes: 100 * MIB,
    allowHpa: false,
    latencyGuard: { busyHoursQuantile: 0.9, burnRate: 1 },
  },
  rows,
  missing: [],
  totalSavingsUsdPerMonth: 0,
});

/** Names that need quoting: a comma, a quote and a newline, CRLF, Unicode. */
const ODD = ['shop, "EU"\nsearch', "a\r\nb", "zähler-π 🙂", '""', ","];

describe("the right-sizing CSV", () => {
  it("reads back to the same names and figures (comma, quote, newline, Unicode)", () => {
    const held = resource({
      recommended: null,
      savingsUsdPerMonth: null,
      heldBack: [
        { code: "hpa", message: 'An HPA scales "checkout", on CPU.' },
        { code: "history", message: "Too little history." },
      ],
    });
    const rows = ODD.map((name, i) =>
      row(name, { container: `c,${i}`, cpu: i === 0 ? held : resource() }),
    );
    const text = rightSizingCsv(table(rows));
    const back = csvObjects(text);
    expect(parseCsv(text)[0]).toEqual(CSV_HEADER);
    expect(back.map((r) => r.workload)).toEqual(ODD);
    expect(back.map((r) => r.container)).toEqual(ODD.map((_, i) => `c,${i}`));
    expect(back[0]).toMatchObject({
      cpu_request_cores: "1",
      cpu_p95_cores: "0.45",
      cpu_recommended_cores: "",
      cpu_held_back: "hpa;history",
      cpu_held_back_why: 'An HPA scales "checkout", on CPU. Too little history.',
      cpu_savings_usd_per_month: "",
      memory_request_bytes: String(2048 * MIB),
      memory_peak_bytes: String(900 * MIB),
      memory_recommended_bytes: String(1035 * MIB),
      memory_savings_usd_per_month: "6.1",
      savings_usd_per_month: "18.45",
      pods: "2",
    });
    expect(back[1]!.cpu_recommended_cores).toBe("0.45");
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it("quotes only what needs it, and defuses what a spreadsheet would run", () => {
    expect(csvField("checkout")).toBe("checkout");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField(null)).toBe("");
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-api")).toBe("'-api");
    expect(csvField("@x,y")).toBe(`"'@x,y"`);
    const [r] = csvObjects(rightSizingCsv(table([row("=cmd|'/c calc'!A1")])));
    expect(r!.workload).toBe("'=cmd|'/c calc'!A1");
  });

  it("names the file after the evaluation time", () => {
    expect(csvFilename("2026-05-04T12:05:00.000Z")).toBe(
      "sightline-rightsizing-2026-05-04T1205Z.csv",
    );
  });

  it("has a header and nothing else without rows", () => {
    expect(rightSizingCsv(table([]))).toBe(`${CSV_HEADER.join(",")}\r\n`);
  });
});
