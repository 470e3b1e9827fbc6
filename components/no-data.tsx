import { Entity } from "./entity";

/** Why a Prometheus figure is missing: its selector matched nothing (never shown as 0). */
export const NO_SERIES = "no series matched";

/** The dash of a figure with no data (an entity: components/entity.tsx says why). */
export function NoData({ why = "no data" }: { why?: string }) {
  return <Entity name="mdash" title={why} />;
}

/** A formatted figure, or the dash (titled with why there is none). */
export function figure<T>(
  value: T | null,
  format: (v: T) => React.ReactNode,
  why?: string,
): React.ReactNode {
  return value === null ? <NoData why={why} /> : format(value);
}
