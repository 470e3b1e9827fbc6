/** What the Embed button offers on each panel (docs/embeds.md). Pure. */
import type { WorkloadSeries } from "@/lib/workload/types";
import type { EmbedChoice } from "./embed-button";

/** A workload's SLO panels: status (all, or one SLO), burn-downs, badges, its charts. */
export function embedChoices(
  workload: string,
  data: Pick<WorkloadSeries, "slos" | "charts">,
): EmbedChoice[] {
  const slos = data.slos.ok ? data.slos.data.map((s) => s.slo) : [];
  return [
    { label: "SLO status card (every SLO)", panel: "status", workload },
    ...slos.flatMap((slo): EmbedChoice[] => [
      { label: `SLO status card: ${slo}`, panel: "status", workload, slo },
      { label: `Budget burn-down: ${slo}`, panel: "burndown", workload, slo },
      { label: `Badge (SVG): ${slo}`, panel: "badge", workload, slo },
    ]),
    ...data.charts.map((c): EmbedChoice => ({
      label: `Chart: ${c.title}`,
      panel: "indicator",
      workload,
      indicator: c.key,
    })),
  ];
}

/** The overview's team tables. */
export function teamEmbedChoices(teams: string[]): EmbedChoice[] {
  return teams.map((team) => ({ label: `Team overview table: ${team}`, panel: "team", team }));
}
