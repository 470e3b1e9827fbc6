/**
 * The embed pages' HTML (docs/embeds.md): a whole document with its own small stylesheet,
 * no script and no app chrome, built from the same reports the app's pages show. Pure:
 * data in, escaped HTML out (lib/embed/html.ts).
 */
import { createHash } from "node:crypto";
import { formatBudgetRemaining, formatPercent, formatSeconds } from "../../components/format";
import { UNIT_FORMAT } from "../../components/workload/units";
import type { PanelResult, StaleMark } from "../errors/data-source-error";
import type { OverviewRow } from "../overview/rows";
import type { SloStatus } from "../slo/status";
import { workloadHealth, type HealthStatus } from "../slo/workload-status";
import { RANGES, type RangeKey } from "../time/ranges";
import type { ChartPanel, SloChart } from "../workload/types";
import type { Theme } from "./claims";
import { html, type SafeHtml } from "./html";
import { badgeSvg, lineChart, type BadgeTone } from "./svg";

const CSS = `
:root{color-scheme:light;--bg:#fff;--panel:#f8fafc;--ink:#0f172a;--muted:#64748b;--border:#e2e8f0;
--good:#15803d;--warn:#b45309;--bad:#b91c1c;--s0:#2563eb;--s1:#9333ea;--s2:#0d9488;--s3:#ea580c}
[data-theme=dark]{color-scheme:dark;--bg:#0b1220;--panel:#111a2e;--ink:#e2e8f0;--muted:#94a3b8;
--border:#1e293b;--good:#4ade80;--warn:#fbbf24;--bad:#f87171;--s0:#60a5fa;--s1:#c084fc;--s2:#2dd4bf;--s3:#fb923c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif}
main{padding:12px 14px}
h1{font-size:15px;margin:0 0 8px;font-weight:600}
.meta,footer{color:var(--muted);font-size:12px}
footer{padding:0 14px 10px}
.cards{display:grid;gap:10px;grid-template-columns:repeat(auto-fit,minmax(200px,1fr))}
.card{border:1px solid var(--border);border-radius:8px;background:var(--panel);padding:10px 12px}
.card h2{font-size:13px;margin:0 0 6px;font-weight:600}
.big{font-size:22px;font-weight:600}
dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:6px 0 0;font-size:12px}
dt{color:var(--muted)}dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
.healthy{color:var(--good)}.burning,.exhausted{color:var(--bad)}.unknown{color:var(--muted)}
.error{border:1px solid var(--bad);border-radius:8px;padding:10px 12px;color:var(--bad)}
.stale{border:1px solid var(--warn);border-radius:6px;padding:4px 8px;color:var(--warn);font-size:12px;margin-bottom:8px}
.empty{color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:5px 8px;border-bottom:1px solid var(--border);text-align:right;font-variant-numeric:tabular-nums}
th:first-child,td:first-child{text-align:left}thead th{color:var(--muted);font-weight:500}
svg.chart{width:100%;height:auto;display:block}
.chart .grid line{stroke:var(--border)}.chart text{fill:var(--muted);font-size:11px}
.chart .threshold line{stroke:var(--bad);stroke-dasharray:4 3}.chart .threshold text{fill:var(--bad)}
.chart .line{fill:none;stroke-width:1.6}.s0{stroke:var(--s0)}.s1{stroke:var(--s1)}.s2{stroke:var(--s2)}.s3{stroke:var(--s3)}
.legend{display:flex;gap:12px;font-size:12px;color:var(--muted);margin-top:4px}
.key{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
.k0{background:var(--s0)}.k1{background:var(--s1)}.k2{background:var(--s2)}.k3{background:var(--s3)}
`.trim();

/** For the page's Content-Security-Policy: the one inline stylesheet, by hash. */
export const EMBED_STYLE_HASH = `sha256-${createHash("sha256").update(CSS).digest("base64")}`;

const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** A whole embed document. */
export function embedDocument(opts: {
  title: string;
  theme: Theme;
  body: SafeHtml;
  evaluatedAt?: string;
  range?: RangeKey;
}): string {
  const footer = [
    opts.range ? RANGES[opts.range].label : null,
    opts.evaluatedAt ? `as of ${utc(opts.evaluatedAt)}` : null,
    "Sightline",
  ].filter(Boolean);
  return `<!doctype html>${
    html`<html lang="en" data-theme="${opts.theme}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${opts.title}</title>
        ${styleElement()}
      </head>
      <body>
        <main>${opts.body}</main>
        <footer>${footer.join(" · ")}</footer>
      </body>
    </html>`.text
  }`;
}

function styleElement(): SafeHtml {
  // The stylesheet is a constant of this module: trusted, and allowed by its hash in the
  // CSP, which covers the element's text byte for byte (so it is written here, where no
  // formatter re-indents it, and not inside the document's template).
  return html([`<style>${CSS}</style>`] as unknown as TemplateStringsArray);
}

/** A panel whose source failed: names the source, never the internal cause (public page). */
export function panelError(source: string): SafeHtml {
  return html`<div class="error" role="alert">
    ${source} is unavailable: these figures cannot be shown right now.
  </div>`;
}

function staleNotice(stale: StaleMark | undefined): SafeHtml | null {
  if (!stale) return null;
  return html`<div class="stale" role="status">
    Stale: last good data from ${utc(stale.asOf)} (${stale.error.source} is unavailable).
  </div>`;
}

/** Renders a panel's data, or its error, with its stale mark. */
export function panel<T>(result: PanelResult<T>, body: (data: T) => SafeHtml): SafeHtml {
  if (!result.ok) return panelError(result.error.source);
  return html`${staleNotice(result.stale)}${body(result.data)}`;
}

function sloState(s: SloStatus): HealthStatus {
  return workloadHealth([s]).status;
}

const STATE_LABEL: Record<HealthStatus, string> = {
  healthy: "Healthy",
  burning: "Burning",
  exhausted: "Budget exhausted",
  unknown: "No data",
};

/** The SLO status card: one card per SLO (or the one the token names). */
export function statusCards(workload: string, slos: SloStatus[]): SafeHtml {
  if (slos.length === 0) return html`<p class="empty">${workload} has no such SLO.</p>`;
  return html`<div class="cards">
    ${slos.map((s) => {
      const state = sloState(s);
      return html`<section class="card" data-slo="${s.name}">
        <h2>${s.name}</h2>
        <div class="big ${state}">${STATE_LABEL[state]}</div>
        <dl>
          <dt>SLI (${s.window})</dt>
          <dd>${formatPercent(s.sli, 3)}</dd>
          <dt>Objective</dt>
          <dd>${formatPercent(s.objective, 3)}</dd>
          <dt>Budget left</dt>
          <dd>${formatBudgetRemaining(s.budgetRemaining)}</dd>
          <dt>Burn rate, 1 h</dt>
          <dd>
            ${s.burnRates["1h"] === null ? "—" : `${Number(s.burnRates["1h"].toPrecision(3))}×`}
          </dd>
        </dl>
        ${s.problem ? html`<p class="meta">${s.problem}</p>` : null}
      </section>`;
    })}
  </div>`;
}

function legend(names: string[]): SafeHtml | null {
  if (names.length < 2) return null;
  return html`<div class="legend">
    ${names.map((n, i) => html`<span><span class="key k${i % 4}"></span>${n}</span>`)}
  </div>`;
}

/** Budget remaining of one SLO over its window, as the workload page draws it. */
export function burndownChart(s: SloChart): SafeHtml {
  const title = `${s.slo}: budget remaining over ${s.window} (objective ${UNIT_FORMAT.ratio(s.objective)})`;
  return html`<h1>${title}</h1>
    ${lineChart({
      title,
      series: [{ name: "budget remaining", color: "--s0", points: s.budgetRemaining }],
      thresholds: [{ label: "budget exhausted", value: 0 }],
      format: UNIT_FORMAT.ratio,
    })}`;
}

/** One of the workload page's charts. */
export function indicatorChart(workload: string, c: ChartPanel): SafeHtml {
  const title = `${workload}: ${c.title}`;
  return html`<h1>${title}</h1>
    ${panel(c.result, (d) =>
      d.lines.length === 0
        ? html`<p class="empty">${c.emptyReason ?? "No data in this range."}</p>`
        : html`${lineChart({
            title,
            series: d.lines.map((l) => ({ name: l.name, color: l.color, points: l.points })),
            thresholds: d.thresholds,
            format: UNIT_FORMAT[c.unit],
          })}${legend(d.lines.map((l) => l.name))}`,
    )}`;
}

/** A team's rows of the overview table. */
export function teamTable(team: string, rows: OverviewRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">Team ${team} has no workloads.</p>`;
  const v = (r: OverviewRow, k: "availability" | "p95" | "p99") => r.values?.[k] ?? null;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Workload</th>
        <th scope="col">Status</th>
        <th scope="col">Budget left</th>
        <th scope="col">Burn 1 h</th>
        <th scope="col">Availability</th>
        <th scope="col">p95</th>
        <th scope="col">p99</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr data-workload="${r.workload}">
            <th scope="row">${r.workload}</th>
            <td class="${r.health?.status ?? "unknown"}">
              ${r.health ? STATE_LABEL[r.health.status] : "—"}
            </td>
            <td>${formatBudgetRemaining(r.health?.budgetRemaining ?? null)}</td>
            <td>
              ${r.health?.burnRate == null ? "—" : `${Number(r.health.burnRate.toPrecision(3))}×`}
            </td>
            <td>${formatPercent(v(r, "availability"), 3)}</td>
            <td>${formatSeconds(v(r, "p95"))}</td>
            <td>${formatSeconds(v(r, "p99"))}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** "availability 99.95 % · budget 41 %": the badge of one SLO, or why there is none. */
export function sloBadge(s: SloStatus | undefined, unavailable?: string): string {
  if (unavailable) return badgeSvg("SLO", `${unavailable} unavailable`, "unknown");
  if (!s) return badgeSvg("SLO", "no such SLO", "unknown");
  const sli = s.sli === null ? "no data" : `${(s.sli * 100).toFixed(2)} %`;
  const budget = formatBudgetRemaining(s.budgetRemaining).replace("%", " %");
  const state = sloState(s);
  const tone: BadgeTone = state === "healthy" ? "good" : state === "unknown" ? "unknown" : "bad";
  return badgeSvg(
    s.name,
    `${sli} · budget ${budget}`,
    s.budgetRemaining !== null && s.budgetRemaining < 0.25 && tone === "good" ? "warn" : tone,
  );
}
