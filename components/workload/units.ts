import type { ChartUnit } from "@/lib/workload/types";
import { formatSeconds } from "../format";

const sig = (v: number, digits = 3) => Number(v.toPrecision(digits)).toString();

function bytes(v: number): string {
  const gib = 1024 ** 3;
  return v >= gib ? `${sig(v / gib)} GiB` : `${sig(v / 1024 ** 2)} MiB`;
}

/** Axis and table format of each chart unit. */
export const UNIT_FORMAT: Record<ChartUnit, (v: number) => string> = {
  rps: (v) => `${sig(v)}/s`,
  ratio: (v) => `${sig(v * 100)}%`,
  seconds: (v) => formatSeconds(v),
  cores: (v) => sig(v),
  bytes,
  count: (v) => String(Math.round(v)),
};
