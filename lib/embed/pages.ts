/**
 * What an embed shows, from the verified claims only (docs/embeds.md): the panel, the
 * workload or team, the SLO or chart and the range all come from the token; the only
 * thing a query parameter may choose is the theme. Data comes through the app's cached
 * loaders (lib/slo, lib/workload, lib/overview): an embed costs the data sources nothing
 * the app's pages have not already asked.
 */
import "server-only";
import { getCatalog } from "../catalog";
import { getOverview } from "../overview";
import { overviewRows } from "../overview/rows";
import { getSlos } from "../slo";
import { currentPresetRange } from "../time/step";
import { findWorkload, getWorkloadSeries } from "../workload";
import type { EmbedClaims, Theme } from "./claims";
import { html, type SafeHtml } from "./html";
import {
  burndownChart,
  embedDocument,
  indicatorChart,
  panel,
  sloBadge,
  statusCards,
  teamTable,
} from "./render";

export interface EmbedPage {
  status: 200 | 404;
  html: string;
}

const gone = (theme: Theme, what: string): EmbedPage => ({
  status: 404,
  html: embedDocument({
    title: "Not in the catalog",
    theme,
    body: html`<p class="empty">${what} is no longer in Sightline's catalog.</p>`,
  }),
});

/** The theme: `?theme=light|dark` when given, else the token's. Nothing else is read. */
export function embedTheme(claims: EmbedClaims, param: string | null): Theme {
  return param === "light" || param === "dark" ? param : claims.theme;
}

/** The HTML document of a panel token (every kind but the badge). */
export async function renderEmbedPage(claims: EmbedClaims, theme: Theme): Promise<EmbedPage> {
  const range = claims.range;
  if (claims.panel === "team") {
    const team = claims.team!;
    const workloads = getCatalog().workloads.filter((w) => w.team === team);
    if (workloads.length === 0) return gone(theme, `Team ${team}`);
    const overview = await getOverview(range);
    const rows = overviewRows(overview, workloads);
    // The SLO columns need the SLO figures; the indicators their own panel.
    const result =
      overview.slos.ok || overview.indicators.ok
        ? {
            ok: true as const,
            data: rows,
            stale: overview.slos.ok ? overview.slos.stale : undefined,
          }
        : overview.slos;
    return page(
      `Team ${team}`,
      html`<h1>Team ${team}</h1>
        ${panel(result, (r) => teamTable(team, r))}`,
      overview.evaluatedAt,
    );
  }
  const name = claims.workload!;
  if (!findWorkload(name)) return gone(theme, name);
  if (claims.panel === "status") {
    const slos = await getSlos();
    const body = panel(slos.result, (all) => {
      const mine = all.find((w) => w.workload === name)?.slos ?? [];
      const shown = claims.slo ? mine.filter((s) => s.name === claims.slo) : mine;
      return html`<h1>${name}: SLO status</h1>
        ${statusCards(name, shown)}`;
    });
    return page(`${name}: SLO status`, body, slos.evaluatedAt, false);
  }
  const series = await getWorkloadSeries(name, currentPresetRange(range));
  if (claims.panel === "burndown") {
    const body = panel(series.slos, (charts) => {
      const chart = charts.find((c) => c.slo === claims.slo);
      return chart
        ? burndownChart(chart)
        : html`<p class="empty">${name} has no SLO named ${claims.slo}.</p>`;
    });
    return page(`${name}: ${claims.slo} budget`, body, series.evaluatedAt, false);
  }
  const chart = series.charts.find((c) => c.key === claims.indicator);
  const body = chart
    ? indicatorChart(name, chart)
    : html`<p class="empty">${name} has no such chart.</p>`;
  return page(`${name}: ${chart?.title ?? claims.indicator}`, body, series.evaluatedAt);

  function page(title: string, body: SafeHtml, evaluatedAt: string, withRange = true): EmbedPage {
    return {
      status: 200,
      html: embedDocument({ title, theme, body, evaluatedAt, ...(withRange && { range }) }),
    };
  }
}

/** The badge's SVG: the token's SLO of its workload (or the first), from the SLO figures. */
export async function renderEmbedBadge(claims: EmbedClaims): Promise<string> {
  const name = claims.workload!;
  if (!findWorkload(name)) return sloBadge(undefined);
  const { result } = await getSlos();
  if (!result.ok) return sloBadge(undefined, result.error.source);
  const slos = result.data.find((w) => w.workload === name)?.slos ?? [];
  return sloBadge(claims.slo ? slos.find((s) => s.name === claims.slo) : slos[0]);
}
