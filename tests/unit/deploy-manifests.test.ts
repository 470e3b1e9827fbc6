/**
 * The Dockerfile and the Kubernetes manifests (deploy/kubernetes, docs/deploying.md)
 * against the app: every environment variable they name is one Sightline reads (lib/env)
 * or one Next.js or Node.js reads (listed below), every port is the one the server
 * listens on, every HTTP path is a route of app/, and every file the environment names is
 * where a ConfigMap or Secret is mounted. The values they set pass the app's own checks.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { parseUsers } from "@/lib/auth/users";
import { parseCatalog } from "@/lib/catalog/load";
import { AUTH_VARIABLES, parseAuthEnv } from "@/lib/env/auth";
import { EMBED_VARIABLES, embedKeysFromEnv } from "@/lib/env/embed-keys";
import { envSchema, parseEnv } from "@/lib/env/schema";

const DIR = "deploy/kubernetes";

/** Read by Next.js's standalone server.js (PORT, HOSTNAME) or by Node.js and Next.js at large. */
const PLATFORM_VARIABLES: Record<string, string> = {
  PORT: "the port Next.js's standalone server.js listens on",
  HOSTNAME: "the address it listens on",
  NODE_ENV: "production: Next.js's and React's production mode",
  NEXT_TELEMETRY_DISABLED: "Next.js sends no usage data",
};
const APP_VARIABLES = new Set<string>([
  ...Object.keys(envSchema.shape),
  ...AUTH_VARIABLES,
  ...EMBED_VARIABLES,
]);

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML */
type Doc = Record<string, any>;

const docs: { file: string; doc: Doc }[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(DIR, file), "utf8")).map((d) => {
      expect(d.errors, file).toEqual([]);
      return { file, doc: d.toJS() as Doc };
    }),
  );
const only = (kind: string, name?: string): Doc => {
  const found = docs.filter((d) => d.doc.kind === kind && (!name || d.doc.metadata.name === name));
  expect(found.length, `${kind} ${name ?? ""}`).toBe(1);
  return found[0]!.doc;
};

const deployment = only("Deployment");
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const env: { name: string; value?: string; valueFrom?: Doc }[] = container.env;
const envValue = (name: string) => env.find((e) => e.name === name)?.value;

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
const dockerfile = readFileSync("Dockerfile", "utf8")
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((l) => l.trim() && !l.trim().startsWith("#"));
const instructions = (name: string) =>
  dockerfile.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());
const runtimeStage = dockerfile.slice(dockerfile.findLastIndex((l) => l.startsWith("FROM ")));
const dockerEnv: Record<string, string> = Object.fromEntries(
  instructions("ENV").flatMap((l) =>
    [...l.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
  ),
);

/** True when `path` is a route of app/ (a route handler or a page, static segments). */
const isRoute = (path: string) =>
  ["route.ts", "page.tsx"].some((f) => existsSync(join("app", path, f)));

describe("environment variables", () => {
  const named = [
    ...Object.keys(dockerEnv).map((name) => ({ name, where: "Dockerfile" })),
    ...env.map((e) => ({ name: e.name, where: "deployment.yaml" })),
  ];

  it("are each one the app reads, or one Next.js or Node.js reads", () => {
    expect(named.length).toBeGreaterThan(10);
    for (const { name, where } of named) {
      expect(APP_VARIABLES.has(name) || name in PLATFORM_VARIABLES, `${where}: ${name}`).toBe(true);
    }
    // Named one by one, so that this test sees every variable the pod gets.
    expect(container.envFrom, "envFrom").toBeUndefined();
  });

  it("come from the Secret for every credential, by the variable's own name", () => {
    const secret = only("Secret", "sightline");
    const keys = Object.keys(secret.stringData);
    const fromSecret = env.filter((e) => e.valueFrom);
    for (const e of fromSecret) {
      const ref = e.valueFrom!.secretKeyRef;
      expect(ref, e.name).toBeDefined();
      expect(ref.name, e.name).toBe("sightline");
      expect(ref.key, e.name).toBe(e.name);
      expect(keys, e.name).toContain(e.name);
    }
    expect(fromSecret.map((e) => e.name).sort()).toEqual(keys.sort());
    for (const name of [
      "CLICKHOUSE_PASSWORD",
      "PROMETHEUS_BEARER_TOKEN",
      "AUTH_SECRET",
      "EMBED_KEY",
      "METRICS_TOKEN",
    ]) {
      expect(keys, name).toContain(name);
      expect(envValue(name), `${name} must not be a literal`).toBeUndefined();
    }
  });

  it("pass the app's own checks, with values for the Secret's placeholders", () => {
    const secretValues: Record<string, string> = {
      CLICKHOUSE_PASSWORD: "a password",
      PROMETHEUS_BEARER_TOKEN: "a-token",
      AUTH_SECRET: "a".repeat(32),
      EMBED_KEY: Buffer.alloc(32, 7).toString("base64url"),
      METRICS_TOKEN: "m".repeat(16),
    };
    const all: Record<string, string> = { ...dockerEnv };
    for (const e of env) all[e.name] = e.value ?? secretValues[e.name]!;
    expect(() => parseEnv(all)).not.toThrow();
    expect(parseAuthEnv(all).enabled).toBe(true);
    expect(embedKeysFromEnv(all)).not.toBeNull();
  });
});

describe("ports", () => {
  const port = Number(dockerEnv.PORT);

  it("are the one the server listens on, everywhere", () => {
    // Next.js's standalone server.js: `parseInt(process.env.PORT, 10) || 3000`.
    expect(readFileSync("node_modules/next/dist/build/utils.js", "utf8")).toContain(
      "parseInt(process.env.PORT, 10) || 3000",
    );
    expect(port).toBe(3000);
    expect(instructions("EXPOSE")).toEqual([String(port)]);
    expect(Number(envValue("PORT"))).toBe(port);
    // Kubernetes sets HOSTNAME to the pod's name; server.js would listen on that alone.
    expect(envValue("HOSTNAME")).toBe("0.0.0.0");
    expect(container.ports).toEqual([{ name: "http", containerPort: port }]);
  });

  it("are reached by name: probes, the Service and the PodMonitor", () => {
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      expect(container[probe].httpGet.port, probe).toBe("http");
    }
    const service = only("Service");
    expect(service.spec.ports.map((p: Doc) => p.targetPort)).toEqual(["http"]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    const monitor = only("PodMonitor");
    expect(monitor.spec.podMetricsEndpoints.map((e: Doc) => e.port)).toEqual(["http"]);
    expect(monitor.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      deployment.spec.selector.matchLabels,
    );
  });
});

describe("HTTP paths", () => {
  it("are routes of app/: probes, the health check, the scrape", () => {
    const paths: { path: string; where: string }[] = [
      ...["startupProbe", "readinessProbe", "livenessProbe"].map((p) => ({
        path: container[p].httpGet.path as string,
        where: p,
      })),
      ...only("PodMonitor").spec.podMetricsEndpoints.map((e: Doc) => ({
        path: e.path as string,
        where: "PodMonitor",
      })),
    ];
    const healthcheck = instructions("HEALTHCHECK").join(" ");
    const url = /http:\/\/127\.0\.0\.1:(\d+)(\/[^'"\s]*)/.exec(healthcheck);
    expect(url, "HEALTHCHECK").not.toBeNull();
    expect(Number(url![1])).toBe(Number(dockerEnv.PORT));
    paths.push({ path: url![2]!, where: "HEALTHCHECK" });
    for (const { path, where } of paths) expect(isRoute(path), `${where}: ${path}`).toBe(true);
    expect(new Set(paths.map((p) => p.path))).toEqual(new Set(["/api/v1/health", "/api/metrics"]));
  });

  it("scrape /api/metrics with METRICS_TOKEN, labelled as the catalog's own workload", () => {
    const endpoint = only("PodMonitor").spec.podMetricsEndpoints[0];
    expect(endpoint.authorization).toEqual({
      type: "Bearer",
      credentials: { name: "sightline", key: "METRICS_TOKEN" },
    });
    const catalogText = only("ConfigMap").data["workloads.yaml"];
    const catalog = parseCatalog(catalogText, "configmap.yaml");
    const label = endpoint.relabelings.find((r: Doc) => r.targetLabel === catalog.groupingLabel);
    expect(label, `a relabeling to ${catalog.groupingLabel}`).toBeDefined();
    const self = catalog.workloads.find((w) => w.name === label.replacement);
    expect(self, `catalog workload ${label.replacement}`).toBeDefined();
    // The front door writes OpenTelemetry's http.server.request.duration (docs/own-metrics.md).
    const raw = (parseYaml(catalogText) as Doc).workloads.find((w: Doc) => w.name === self!.name);
    expect(raw.convention).toBe("opentelemetry");
    // Its CPU, memory and cost: this very Deployment's pods.
    expect(self!.kubernetes).toEqual({
      ok: true,
      target: {
        namespace: deployment.metadata.namespace,
        pods: { owner: "Deployment", name: deployment.metadata.name },
      },
    });
  });
});

describe("files", () => {
  /** The file a volume item lands at, for a mount of the container. */
  function mountedFile(file: string): { volume: Doc; key: string } {
    const mount = container.volumeMounts.find((m: Doc) => file.startsWith(`${m.mountPath}/`));
    expect(mount, `a mount holding ${file}`).toBeDefined();
    expect(mount.readOnly).toBe(true);
    const volume = pod.volumes.find((v: Doc) => v.name === mount.name);
    const source = volume.configMap ?? volume.secret;
    const item = source.items.find((i: Doc) => `${mount.mountPath}/${i.path}` === file) as Doc;
    expect(item, `an item of volume ${volume.name} at ${file}`).toBeDefined();
    return { volume, key: item.key };
  }

  it("CATALOG_FILE is the ConfigMap's catalog, which the app accepts", () => {
    const { volume, key } = mountedFile(envValue("CATALOG_FILE")!);
    const configMap = only("ConfigMap", volume.configMap.name);
    expect(() => parseCatalog(configMap.data[key], key)).not.toThrow();
  });

  it("AUTH_USERS_FILE is the users Secret's file, which the app accepts", () => {
    const { volume, key } = mountedFile(envValue("AUTH_USERS_FILE")!);
    const secret = only("Secret", volume.secret.secretName);
    // The example's hash placeholders stand for hashes `npm run hash-password` writes.
    const text = (secret.stringData[key] as string).replace(
      /passwordHash: "<[^>]*>"/g,
      'passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"',
    );
    expect(parseUsers(text, key).length).toBeGreaterThan(0);
  });

  it("every object is in one namespace, the Secrets hold placeholders only", () => {
    const namespace = only("Namespace").metadata.name;
    for (const { file, doc } of docs) {
      if (doc.kind !== "Namespace") expect(doc.metadata.namespace, file).toBe(namespace);
    }
    for (const value of Object.values(only("Secret", "sightline").stringData)) {
      expect(value).toMatch(/^<.*>$/);
    }
  });
});

describe("the image", () => {
  it("builds with npm ci and the standalone output, and runs our start as non-root", () => {
    const build = instructions("RUN").join(" && ");
    expect(build).toContain("npm ci");
    expect(build).toContain("npx next build && node scripts/standalone.mjs");
    expect(runtimeStage.find((l) => l.startsWith("CMD "))).toBe('CMD ["node", "start.mjs"]');
    const user = runtimeStage.find((l) => l.startsWith("USER "))!.slice(5);
    expect(user).toBe(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    // The runtime stage copies the completed standalone tree, nothing of the sources.
    for (const copy of runtimeStage.filter((l) => l.startsWith("COPY "))) {
      expect(copy).toMatch(/^COPY --from=build (--chown=1000:1000 )?(\/src\/\.next\/standalone\/)/);
    }
    expect(existsSync("scripts/standalone/start.mjs")).toBe(true);
  });
});
