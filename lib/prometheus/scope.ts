import { type Matcher } from "../promql";

/**
 * The series a query reads, each matcher by its role: `grouping` picks the workloads by the
 * catalog's grouping label, `extra` narrows to a workload's own catalog selector.
 * `matchers` is both, grouping first, as a selector writes them.
 */
export interface Scope {
  grouping: Matcher;
  extra: Matcher[];
  matchers: Matcher[];
}

export function scope(grouping: Matcher, extra: Matcher[]): Scope {
  return { grouping, extra, matchers: [grouping, ...extra] };
}
