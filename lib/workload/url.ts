/**
 * Workload names in URLs: the one mapping between a catalog name (any Prometheus label
 * value) and a path segment, used by every link and every route that reads one. Pure.
 *
 * A segment is the name percent-encoded (encodeURIComponent) after three substitutions:
 * `~` is written `~7E`, `%` is written `~25`, and a name that is all dots (`.` or `..`,
 * which browsers and Next.js resolve as dot segments) has each dot written `~2E`. So
 * `checkout` stays `checkout`, `ns/name` is `ns%2Fname`, `zähler` is `z%C3%A4hler`.
 *
 * Why: Next.js 16 hands a dynamic segment to pages re-encoded (`a%2Fb`, `a%2Bb` for
 * `a+b`) but to generateMetadata and route handlers decoded (`a/b`). After the
 * substitutions the decoded form has no `%`, so decoding it again changes nothing:
 * {@link workloadFromSegment} reads either form to the same name.
 */

const DOTS = /^\.{1,2}$/;

/** The path segment of a workload name, ready to put between two slashes. */
export function workloadSegment(name: string): string {
  const plain = DOTS.test(name)
    ? name.replaceAll(".", "~2E")
    : name.replace(/[~%]/g, (c) => (c === "~" ? "~7E" : "~25"));
  return encodeURIComponent(plain);
}

/**
 * The workload name a path segment stands for, whether Next.js passed it encoded or
 * decoded; null when it is no segment {@link workloadSegment} writes (a malformed escape,
 * a `~` not followed by 7E, 25 or 2E, or a `%` left after decoding).
 */
export function workloadFromSegment(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (decoded.includes("%") || decoded === "") return null;
  let ok = true;
  const name = decoded.replace(/~(.{0,2})/g, (_, code: string) => {
    const c = { "7E": "~", "25": "%", "2E": "." }[code];
    if (c === undefined) ok = false;
    return c ?? "";
  });
  return ok ? name : null;
}

/** `/workloads/{name}` or, with a range, `/workloads/{name}/{range}`. */
export function workloadHref(name: string, range?: string): string {
  return `/workloads/${workloadSegment(name)}${range === undefined ? "" : `/${range}`}`;
}

/** `/api/v1/workloads/{name}/{kind}`, without a query string. */
export function workloadApiPath(name: string, kind: "series" | "routes"): string {
  return `/api/v1/workloads/${workloadSegment(name)}/${kind}`;
}
