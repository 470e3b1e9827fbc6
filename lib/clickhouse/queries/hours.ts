/**
 * Long ranges read whole hours from an hourly rollup and only their ragged ends from the
 * per-minute one: a month of minutes is 60 times more rows (and t-digest states to merge)
 * than a month of hours.
 */
export function wholeHours(fromS: number, toS: number): { hourFrom: number; hourTo: number } {
  const hourFrom = Math.min(Math.ceil(fromS / 3600) * 3600, toS);
  const hourTo = Math.max(Math.floor(toS / 3600) * 3600, hourFrom);
  return { hourFrom, hourTo };
}
