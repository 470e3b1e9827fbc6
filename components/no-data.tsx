import { Entity } from "./entity";

/** The dash of a figure with no data (an entity: components/entity.tsx says why). */
export function NoData({ why = "no series matched" }: { why?: string }) {
  return <Entity name="mdash" title={why} />;
}

/** A formatted figure, or the dash when there is none. */
export function figure<T>(value: T | null, format: (v: T) => React.ReactNode): React.ReactNode {
  return value === null ? <NoData /> : format(value);
}
