import { isBudgetSpent } from "@/lib/slo/budget";
import { formatBudgetRemaining, formatPercent } from "../format";
import type { BurningSlo } from "@/lib/oncall/types";
import { formatBurn, formatDuration } from "./format-oncall";

/** What is burning, fastest spender first; raw numbers in data-* for tests and automation. */
export function BurningTable({ rows, tv }: { rows: BurningSlo[]; tv: boolean }) {
  const cell = tv ? "px-4 py-3" : "px-4 py-2";
  return (
    <table className={`w-full ${tv ? "text-2xl" : "text-sm"}`}>
      <thead className="text-left text-muted">
        <tr className={`whitespace-nowrap ${tv ? "text-lg" : "text-xs"}`}>
          <th className={cell}>Workload · SLO</th>
          <th className={`${cell} text-right`}>Burn 1h</th>
          <th className={`${cell} text-right`}>Budget left</th>
          <th className={`${cell} text-right`}>Exhausted in</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const spent = r.budgetRemaining !== null && isBudgetSpent(r.budgetRemaining);
          return (
            <tr
              key={`${r.workload}/${r.slo}`}
              className="border-t border-border"
              data-workload={r.workload}
              data-slo={r.slo}
              data-burn-1h={r.burn1h}
              data-budget-remaining={r.budgetRemaining ?? ""}
              data-tte-ms={r.timeToExhaustionMs ?? ""}
            >
              <td className={cell}>
                <span className="font-semibold">{r.workload}</span>{" "}
                <span className="text-muted">
                  {r.slo} · {formatPercent(r.objective, 2)} / {r.window}
                </span>
                {r.firingTiers.length > 0 && (
                  <span className="ml-2 rounded bg-bad/15 px-1.5 text-bad">
                    {r.firingTiers.join(", ")}
                  </span>
                )}
              </td>
              <td
                className={`${cell} whitespace-nowrap text-right font-semibold tabular-nums text-bad`}
              >
                {formatBurn(r.burn1h)}
              </td>
              <td
                className={`${cell} whitespace-nowrap text-right tabular-nums ${spent ? "text-bad" : ""}`}
              >
                {formatBudgetRemaining(r.budgetRemaining, 1)}
              </td>
              <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>
                {spent ? "spent" : formatDuration(r.timeToExhaustionMs)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
