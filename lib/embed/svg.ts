/**
 * The embeds' pictures, drawn on the server as plain SVG (no script, no chart library):
 * a line chart of time series with threshold lines, and the badge. Pure.
 */
import { escapeXml, html, type SafeHtml } from "./html";

export type Point = [number, number];

export interface LineSeries {
  name: string;
  /** A CSS variable of the embed's theme, e.g. "--series-1". */
  color: string;
  points: Point[];
}

export interface ChartSpec {
  title: string;
  series: LineSeries[];
  thresholds?: { label: string; value: number }[];
  format: (v: number) => string;
  /** Fixed y range; otherwise the data's, with the thresholds and 0 for ratios. */
  yDomain?: [number, number];
}

const W = 640;
const H = 220;
const PAD = { left: 56, right: 12, top: 10, bottom: 22 };

const utc = (ms: number, spanMs: number) => {
  const iso = new Date(ms).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(5, 10) : `${iso.slice(11, 16)}`;
};

/** A line chart; the accessible name and a table of the last values go with it. */
export function lineChart(spec: ChartSpec): SafeHtml {
  const pts = spec.series.flatMap((s) => s.points).filter(([, v]) => Number.isFinite(v));
  if (pts.length === 0) return html`<p class="empty">No data in this range.</p>`;
  const xs = pts.map(([t]) => t);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  const values = [...pts.map(([, v]) => v), ...(spec.thresholds ?? []).map((t) => t.value)];
  let [y0, y1] = spec.yDomain ?? [Math.min(...values), Math.max(...values)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (t: number) => PAD.left + ((t - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => PAD.top + (1 - (v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const line = (points: Point[]) => {
    let d = "";
    let pen = false;
    for (const [t, v] of points) {
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${sx(t).toFixed(1)},${sy(v).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  const ticksY = [y0, (y0 + y1) / 2, y1];
  const ticksX = [x0, (x0 + x1) / 2, x1];
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${spec.title}">
    <g class="grid">
      ${ticksY.map(
        (v) =>
          html`<line
              x1="${PAD.left}"
              x2="${W - PAD.right}"
              y1="${sy(v).toFixed(1)}"
              y2="${sy(v).toFixed(1)}"
            /><text x="${PAD.left - 4}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end"
              >${spec.format(v)}</text
            >`,
      )}${ticksX.map(
        (t) =>
          html`<text x="${sx(t).toFixed(1)}" y="${H - 6}" text-anchor="middle"
            >${utc(t, x1 - x0)}</text
          >`,
      )}
    </g>
    ${(spec.thresholds ?? []).map(
      (t) =>
        html`<g class="threshold"
          ><line
            x1="${PAD.left}"
            x2="${W - PAD.right}"
            y1="${sy(t.value).toFixed(1)}"
            y2="${sy(t.value).toFixed(1)}"
          /><text x="${W - PAD.right}" y="${(sy(t.value) - 3).toFixed(1)}" text-anchor="end"
            >${t.label}</text
          ></g
        >`,
    )}
    ${spec.series.map(
      (s, i) =>
        html`<path class="line s${i % 4}" d="${line(s.points)}"><title>${s.name}</title></path>`,
    )}
  </svg>`;
}

/** Character widths of Verdana 11px, roughly: enough to size a badge's halves. */
const textWidth = (s: string) => Math.ceil([...s].length * 6.6) + 12;

const BADGE_COLORS = { good: "#2e7d32", warn: "#b26a00", bad: "#c62828", unknown: "#616161" };
export type BadgeTone = keyof typeof BADGE_COLORS;

/**
 * A shields-style badge: `label | message`, its text escaped for XML, with a <title> for
 * screen readers. No script, no external reference.
 */
export function badgeSvg(label: string, message: string, tone: BadgeTone): string {
  const lw = textWidth(label);
  const mw = textWidth(message);
  const w = lw + mw;
  const all = `${label}: ${message}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${escapeXml(all)}"><title>${escapeXml(all)}</title><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${BADGE_COLORS[tone]}"/><g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="${lw / 2}" y="14">${escapeXml(label)}</text><text x="${lw + mw / 2}" y="14">${escapeXml(message)}</text></g></svg>`;
}
