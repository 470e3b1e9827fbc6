import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Panel } from "@/components/panel";
import type { PanelResult } from "@/lib/errors/data-source-error";

/** Panel is a plain server component: called as a function, its element rendered. */
const render = (result: PanelResult<string>) =>
  renderToStaticMarkup(Panel({ title: "Indicators", result, testId: "p", children: (d) => d }));

describe("a panel computed from answers with warnings", () => {
  it("shows each warning above its data, naming the source and the query", () => {
    const html = render({
      ok: true,
      data: "the figures",
      warnings: [
        { source: "Prometheus", tag: "indicators:1h", message: "partial response: store <b> down" },
      ],
    });
    expect(html).toContain('data-testid="panel-warnings"');
    expect(html).toContain("Prometheus warned (indicators:1h)");
    expect(html).toContain("partial response: store &lt;b&gt; down"); // text, never markup
    expect(html.indexOf("panel-warnings")).toBeLessThan(html.indexOf("the figures"));
  });

  it("shows no warning line when the answers carried none", () => {
    const html = render({ ok: true, data: "the figures" });
    expect(html).not.toContain("panel-warnings");
    expect(html).toContain("the figures");
  });
});
