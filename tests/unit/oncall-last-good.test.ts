import { describe, expect, it } from "vitest";
import type { PanelError, PanelResult } from "@/lib/errors/data-source-error";
import { mergeReport } from "@/lib/oncall/last-good";
import type { OnCallReport } from "@/lib/oncall/types";

const T0 = "2026-05-01T12:00:00.000Z";
const T1 = "2026-05-01T12:00:15.000Z";
const T2 = "2026-05-01T12:00:30.000Z";
const down: PanelError = { source: "Prometheus", tag: "q", message: "Prometheus (q): no answer" };
const good = <T>(data: T): PanelResult<T> => ({ ok: true, data });

describe("the on-call view's merge of server-side stale panels", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ workload: `w${i}` }));
  const onCall = (at: string, parts: Partial<OnCallReport>): OnCallReport =>
    ({
      evaluatedAt: at,
      roster: [],
      burning: good(rows(1)),
      alerts: good([]),
      incidents: good([]),
      ...parts,
    }) as unknown as OnCallReport;

  it("shows the server's last good data with its time and the error", () => {
    const view = mergeReport(
      undefined,
      onCall(T1, {
        burning: { ok: true, data: rows(2), stale: { asOf: T0, error: down } } as never,
      }),
    );
    expect(view.panels.burning).toEqual({
      data: rows(2),
      asOf: T0,
      error: { source: "Prometheus", message: down.message },
    });
    expect(view.panels.alerts).toEqual({ data: [], asOf: T1, error: null });
  });

  it("keeps the browser's newer data over the server's older stale data", () => {
    const before = mergeReport(undefined, onCall(T1, { burning: good(rows(3)) as never }));
    const view = mergeReport(
      before,
      onCall(T2, {
        burning: { ok: true, data: rows(2), stale: { asOf: T0, error: down } } as never,
      }),
    );
    expect(view.panels.burning).toEqual({
      data: rows(3),
      asOf: T1,
      error: { source: "Prometheus", message: down.message },
    });
  });
});
