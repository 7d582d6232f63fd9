// The topology webview in headless Chromium: the real bundle, the real page and CSP, and the
// core's analyses of the examples as input. Asserts what is drawn (nodes, labels, shapes,
// arithmetic, receptive fields, diagnostics), what is posted back (reveal, export), that a
// redraw keeps zoom and selection, and saves screenshots under test-results/topology/.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { deepSource } from "../../bench/topology";
import { exampleUpdate, sourceUpdate, TopologyHarness, type TopologyPage } from "./topologyPage";

const MNIST = fs.readFileSync(path.resolve(__dirname, "../../examples/mnist.nn.ts"), "utf8");

/** A model whose third layer's kernel is larger than its input: an error, and unknown sizes after it. */
const BROKEN = `import { model, input, conv2d, maxPool2d, flatten, dense } from "nn-studio";
export default model({
  name: "broken",
  input: input([8, 8, 1]),
  layers: [
    conv2d({ filters: 4, kernelSize: 3 }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 8, kernelSize: 5 }),
    flatten(),
    dense({ units: 10, activation: "softmax" }),
  ],
});
`;

const TWO_MODELS = `import { model, input, dense } from "nn-studio";
export const small = model({ name: "small", input: input([4]), layers: [dense({ units: 2 })] });
export const wide = model({ name: "wide", input: input([4]), layers: [dense({ units: 64 }), dense({ units: 2 })] });
`;

interface DrawnNode {
  layer: number;
  title: string;
  shape: string;
  lines: string[];
  /** The diagnostics' lines, wrapped. */
  messages: string[];
  classes: string;
}

async function nodes(view: TopologyPage): Promise<DrawnNode[]> {
  return view.page.$$eval("g.node", (elements) =>
    elements.map((element) => {
      const lines = [...element.querySelectorAll("text.line:not(.line-right)")].map((t) => t.textContent ?? "");
      return {
        layer: Number(element.getAttribute("data-layer")),
        title: element.querySelector("text.line-title")?.textContent ?? "",
        shape: element.querySelector("text.line-shape")?.textContent ?? "",
        lines,
        messages: [...element.querySelectorAll("text.line-message")].map((t) => t.textContent ?? ""),
        classes: element.getAttribute("class") ?? "",
      };
    }),
  );
}

/** The details panel's fact table as key → value. */
async function facts(view: TopologyPage): Promise<Record<string, string>> {
  return view.page.$$eval(".side table.facts:not(.rf) tr", (rows) =>
    Object.fromEntries(rows.map((row) => [row.querySelector("th")?.textContent ?? "", row.querySelector("td")?.textContent ?? ""])),
  );
}

async function receptiveField(view: TopologyPage): Promise<string[]> {
  return view.page.$$eval(".side .rf", (elements) =>
    elements.flatMap((element) =>
      element.tagName === "TABLE" ? [...element.querySelectorAll("tr")].map((row) => `${row.querySelector("th")?.textContent}: ${row.querySelector("td")?.textContent}`) : [element.textContent ?? ""],
    ),
  );
}

async function select(view: TopologyPage, layer: number): Promise<void> {
  await view.page.click(`g.node[data-layer="${layer}"]`);
  await view.page.waitForSelector(`g.node.selected[data-layer="${layer}"]`);
}

async function transform(view: TopologyPage): Promise<string> {
  return (await view.page.getAttribute("g.viewport", "transform")) ?? "";
}

describe("topology webview (headless Chromium)", function () {
  this.timeout(60000);
  let harness: TopologyHarness;
  let view: TopologyPage;

  before(async () => {
    harness = await TopologyHarness.start();
  });
  after(async () => {
    await harness.close();
  });
  afterEach(async function () {
    if (view === undefined) return;
    // Every test also checks that the page ran clean under its CSP.
    const violations = await view.violations();
    const errors = view.errors;
    await view.close();
    if (this.currentTest?.state === "passed") {
      assert.deepEqual(violations, [], "CSP violations");
      assert.deepEqual(errors, [], "page errors");
    }
  });

  const drawings: { file: string; shapes: string[]; titles: string[] }[] = [
    {
      file: "mnist.nn.ts",
      titles: ["input", "conv2d", "maxPool2d", "conv2d_1", "maxPool2d_1", "flatten", "dropout", "dense"],
      shapes: ["[28, 28, 1]", "[26, 26, 32]", "[13, 13, 32]", "[11, 11, 64]", "[5, 5, 64]", "[1600]", "[1600]", "[10]"],
    },
    {
      file: "lenet5.nn.ts",
      titles: ["input", "zeroPadding2d", "conv2d", "avgPool2d", "conv2d_1", "avgPool2d_1", "flatten", "dense", "dense_1", "dense_2"],
      shapes: ["[28, 28, 1]", "[32, 32, 1]", "[28, 28, 6]", "[14, 14, 6]", "[10, 10, 16]", "[5, 5, 16]", "[400]", "[120]", "[84]", "[10]"],
    },
  ];
  for (const row of drawings) {
    it(`draws ${row.file}: one node per layer plus the input, with names and output shapes`, async () => {
      view = await harness.open();
      await view.show(exampleUpdate(row.file));
      const drawn = await nodes(view);
      assert.deepEqual(
        drawn.map((n) => n.title),
        row.titles,
      );
      assert.deepEqual(
        drawn.map((n) => n.shape),
        row.shapes.map((s) => `→ ${s}`),
      );
      assert.equal(await view.page.locator("path.edge").count(), row.titles.length - 1);
    });
  }

  it("draws every example without errors, one node per layer", async () => {
    view = await harness.open();
    for (const file of fs.readdirSync(path.resolve(__dirname, "../../examples")).filter((f) => f.endsWith(".nn.ts"))) {
      const update = exampleUpdate(file);
      await view.show(update);
      const model = update.models[0];
      assert.equal((await nodes(view)).length, model.layers.length + 1, file);
    }
  });

  const arithmetic: { file: string; layer: number; lines: string[] }[] = [
    { file: "mnist.nn.ts", layer: 0, lines: ["height: floor((28 − 3) / 1) + 1 = 26", "width: floor((28 − 3) / 1) + 1 = 26"] },
    {
      file: "mnist.nn.ts",
      layer: 3,
      lines: ["height: floor((11 − 2) / 2) + 1 = 5 · drops 1 row", "width: floor((11 − 2) / 2) + 1 = 5 · drops 1 column"],
    },
    { file: "lenet5.nn.ts", layer: 0, lines: ["height: 28 + 2 + 2 = 32", "width: 28 + 2 + 2 = 32"] },
    { file: "lenet5.nn.ts", layer: 1, lines: ["height: floor((28 − 5 + 2·2) / 1) + 1 = 28", "width: floor((28 − 5 + 2·2) / 1) + 1 = 28"] },
  ];
  for (const row of arithmetic) {
    it(`shows the core's arithmetic in ${row.file} layer ${row.layer}, dropped borders flagged`, async () => {
      view = await harness.open();
      await view.show(exampleUpdate(row.file));
      const node = (await nodes(view)).find((n) => n.layer === row.layer);
      const lines = await view.page.$$eval(`g.node[data-layer="${row.layer}"] text.line-arithmetic, g.node[data-layer="${row.layer}"] text.line-dropped`, (els) =>
        els.map((e) => e.textContent),
      );
      assert.ok(node !== undefined);
      assert.deepEqual(lines, row.lines);
      const dropped = row.lines.some((l) => l.includes("drops"));
      assert.equal(await view.page.locator(`g.node[data-layer="${row.layer}"] text.line-dropped`).count(), dropped ? 2 : 0);
      // The details repeat the arithmetic and draw it: padding as a border, dropped rows marked.
      await select(view, row.layer);
      assert.deepEqual(await view.page.$$eval(".side .arith-text", (els) => els.map((e) => e.textContent)), row.lines.map((l) => l.replace(/^\w+: /, "").replace(/ · drops.*$/, "")));
      assert.equal(await view.page.locator(".side svg.arith-figure > rect.fig-dropped").count(), dropped ? 2 : 0);
    });
  }

  it("draws explicit padding as the border around the input (LeNet-5's zeroPadding2d of 2)", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("lenet5.nn.ts"));
    await select(view, 0);
    // Inline arrow functions only: the page has none of tsx's naming helpers.
    const sizes = await view.page.$$eval(".side svg.arith-figure", ([figure]) =>
      ["rect.fig-padding", "rect.fig-input"].map((selector) => {
        const r = figure.querySelector(selector) as SVGRectElement;
        return [r.x.baseVal.value, r.y.baseVal.value, r.width.baseVal.value, r.height.baseVal.value];
      }),
    );
    const [padded, input] = sizes;
    // 28 input cells inside 32: 2 cells of border on each side.
    const cell = padded[2] / 32;
    assert.deepEqual(input.map((v) => Math.round(v / cell)), [2, 2, 28, 28]);
  });

  const fields: { file: string; rows: { layer: number; field: string[] }[] }[] = [
    {
      // Keras MNIST convnet: 3 → 4 → 8 → 10 pixels, jumps 1, 2, 2, 4 (hand-computed in test/core/receptiveField.test.ts).
      file: "mnist.nn.ts",
      rows: [
        { layer: 0, field: ["height: 3 px · jump 1 · centre 1", "width: 3 px · jump 1 · centre 1"] },
        { layer: 1, field: ["height: 4 px · jump 2 · centre 1.5", "width: 4 px · jump 2 · centre 1.5"] },
        { layer: 2, field: ["height: 8 px · jump 2 · centre 3.5", "width: 8 px · jump 2 · centre 3.5"] },
        { layer: 3, field: ["height: 10 px · jump 4 · centre 4.5", "width: 10 px · jump 4 · centre 4.5"] },
        { layer: 4, field: ["— not a spatial map"] },
      ],
    },
    {
      // LeNet-5 on 28×28 padded by 2: C1 5, S2 6, C3 14, S4 16 pixels; centres in the unpadded image.
      file: "lenet5.nn.ts",
      rows: [
        { layer: 0, field: ["height: 1 px · jump 1 · centre -2", "width: 1 px · jump 1 · centre -2"] },
        { layer: 1, field: ["height: 5 px · jump 1 · centre 0", "width: 5 px · jump 1 · centre 0"] },
        { layer: 2, field: ["height: 6 px · jump 2 · centre 0.5", "width: 6 px · jump 2 · centre 0.5"] },
        { layer: 3, field: ["height: 14 px · jump 2 · centre 4.5", "width: 14 px · jump 2 · centre 4.5"] },
        { layer: 4, field: ["height: 16 px · jump 4 · centre 5.5", "width: 16 px · jump 4 · centre 5.5"] },
        { layer: 6, field: ["— not a spatial map"] },
      ],
    },
  ];
  for (const row of fields) {
    it(`shows receptive fields (size and jump) for ${row.file}`, async () => {
      view = await harness.open();
      await view.show(exampleUpdate(row.file));
      for (const expected of row.rows) {
        await select(view, expected.layer);
        assert.deepEqual(await receptiveField(view), expected.field, `layer ${expected.layer}`);
      }
    });
  }

  it("shows parameters (trainable or not), FLOPs and activation memory of the selected layer", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("mnist.nn.ts"));
    await select(view, 0);
    const conv = await facts(view);
    assert.equal(conv.parameters, "320");
    assert.equal(conv.trainable, "320");
    assert.equal(conv["non-trainable"], "0");
    assert.equal(conv.FLOPs, "389.38 KFLOPs (389,376)");
    assert.equal(conv.activations, "21,632 values · 84.50 KB per example");

    await view.show(exampleUpdate("cifar-cnn.nn.ts"));
    await select(view, 1);
    const norm = await facts(view);
    // batchNorm over 32 channels: gamma and beta train, the moving mean and variance don't.
    assert.deepEqual([norm.parameters, norm.trainable, norm["non-trainable"]], ["128", "64", "64"]);
  });

  it("marks a layer with an error and its message in place, and shows unknown sizes as ?", async () => {
    view = await harness.open();
    await view.show(sourceUpdate(BROKEN));
    const drawn = await nodes(view);
    const bad = drawn.find((n) => n.layer === 2);
    assert.ok(bad !== undefined);
    assert.match(bad.classes, /severity-error/);
    assert.ok(bad.messages.join(" ").includes("✖ conv2d: kernelSize 5 is larger than the input height 3"), bad.lines.join("\n"));
    assert.deepEqual(
      drawn.slice(3).map((n) => [n.shape, n.lines[0]]),
      [["→ [?, ?, 8]", "conv2d_1"], ["→ [?]", "flatten"], ["→ [10]", "dense"]],
    );
    // An unknown parameter count is "?", never a guess; and no other node is marked.
    assert.equal(await view.page.textContent('g.node[data-layer="4"] text.line-right'), "? params");
    assert.deepEqual(
      drawn.filter((n) => /severity-/.test(n.classes)).map((n) => n.layer),
      [2],
    );
    await select(view, 2);
    assert.deepEqual(await view.page.$$eval(".side .diagnostic", (els) => els.map((e) => e.getAttribute("data-code"))), ["nn/negative-dimension"]);
  });

  it("asks the extension to reveal a clicked node's source, and Enter does the same", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("mnist.nn.ts"));
    await view.page.click('g.node[data-layer="2"]');
    assert.deepEqual(await view.waitForPosted((m) => m.type === "reveal"), { type: "reveal", model: "default", layer: 2 });
    await view.page.keyboard.press("ArrowDown");
    await view.page.waitForSelector('g.node.selected[data-layer="3"]');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-layer")), "3");
    await view.page.keyboard.press("Enter");
    await view.waitForPosted((m) => m.type === "reveal" && m.layer === 3);
    await view.page.keyboard.press("ArrowUp");
    await view.page.keyboard.press("ArrowUp");
    await view.page.waitForSelector('g.node.selected[data-layer="1"]');
    await view.page.keyboard.press("Home");
    await view.page.waitForSelector('g.node.selected[data-layer="-1"]');
    await view.page.keyboard.press("End");
    await view.page.waitForSelector('g.node.selected[data-layer="6"]');
  });

  it("is reachable by Tab: the drawing has one tab stop", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("mnist.nn.ts"));
    assert.equal(await view.page.locator('g.node[tabindex="0"]').count(), 1);
  });

  it("highlights the layer under the editor's cursor", async () => {
    view = await harness.open();
    const update = exampleUpdate("mnist.nn.ts");
    await view.show(update);
    const span = update.models[0].layers[4].span;
    await view.send({ type: "cursor", offset: span.start + 2 });
    await view.page.waitForSelector('g.node.cursor[data-layer="4"]');
    assert.equal(await view.page.locator("g.node.cursor").count(), 1);
    await view.send({ type: "cursor", offset: 0 });
    await view.page.waitForFunction(() => document.querySelectorAll("g.node.cursor").length === 0);
  });

  it("redraws an edited model keeping zoom and selection; ignores older versions", async () => {
    view = await harness.open();
    await view.show(sourceUpdate(MNIST, undefined, 1));
    await select(view, 2);
    await view.page.click('button[data-action="zoom-in"]');
    const zoomed = await transform(view);
    const edited = MNIST.replace("filters: 64", "filters: 48");
    assert.notEqual(edited, MNIST);
    await view.send(sourceUpdate(edited, undefined, 2));
    await view.page.waitForFunction(() => document.querySelector('g.node[data-layer="2"] text.line-options')?.textContent?.startsWith("48 filters"));
    assert.equal(await view.page.textContent('g.node[data-layer="2"] text.line-shape'), "→ [11, 11, 48]");
    assert.equal(await transform(view), zoomed);
    assert.equal(await view.page.locator('g.node.selected[data-layer="2"]').count(), 1);
    // A late result for version 1 doesn't undo the edit.
    await view.send(sourceUpdate(MNIST, undefined, 1));
    await view.send({ type: "cursor", offset: 0 });
    await view.page.waitForFunction(() => document.querySelectorAll("g.node.cursor").length === 0);
    assert.match((await view.page.textContent('g.node[data-layer="2"] text.line-options')) ?? "", /^48 filters/);
  });

  it("keeps zoom and selection in the webview state, and restores them in a new page", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("mnist.nn.ts"));
    await select(view, 3);
    await view.page.click('button[data-action="zoom-out"]');
    const zoomed = await transform(view);
    const state = await view.state();
    await view.close();
    view = await harness.open({ state });
    await view.show(exampleUpdate("mnist.nn.ts"));
    assert.equal(await transform(view), zoomed);
    assert.equal(await view.page.locator('g.node.selected[data-layer="3"]').count(), 1);
  });

  it("zooms with the keyboard and the wheel, and fits to view", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("cifar-cnn.nn.ts"));
    const scale = async () => Number(/scale\(([\d.]+)\)/.exec(await transform(view))?.[1]);
    const fitted = await scale();
    await view.page.focus('g.node[tabindex="0"]');
    await view.page.keyboard.press("+");
    assert.ok((await scale()) > fitted);
    const beforeWheel = await scale();
    await view.page.mouse.move(400, 400);
    await view.page.keyboard.down("Control");
    await view.page.mouse.wheel(0, 300);
    await view.page.keyboard.up("Control");
    await view.page.waitForFunction((before) => {
      const t = document.querySelector("g.viewport")?.getAttribute("transform") ?? "";
      return Number(/scale\(([\d.]+)\)/.exec(t)?.[1]) < before;
    }, beforeWheel);
    await view.page.click('button[data-action="fit"]');
    // Fitted: the whole drawing lies inside the canvas.
    const inside = await view.page.evaluate(() => {
      const canvas = document.querySelector("svg.drawing")!.getBoundingClientRect();
      const drawing = document.querySelector("g.viewport")!.getBoundingClientRect();
      return drawing.top >= canvas.top - 1 && drawing.bottom <= canvas.bottom + 1 && drawing.left >= canvas.left - 1 && drawing.right <= canvas.right + 1;
    });
    assert.ok(inside);
  });

  it("draws a 500-layer model near the view only, and the rest as it comes into view or is exported", async () => {
    view = await harness.open();
    await view.show(sourceUpdate(deepSource(500)));
    assert.equal(await view.page.getAttribute("svg.drawing", "data-items"), "501");
    const drawn = await view.page.locator("g.node").count();
    assert.ok(drawn > 0 && drawn < 60, `${drawn} nodes drawn`);
    // End moves to the output layer: it is drawn, focused and scrolled into view.
    await view.page.focus('g.node[tabindex="0"]');
    await view.page.keyboard.press("End");
    await view.page.waitForSelector('g.node.selected[data-layer="499"]');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-layer")), "499");
    await view.page.waitForFunction(() => document.querySelectorAll('g.node[data-layer="498"]').length === 1);
    await view.page.click('button[data-action="export-svg"]');
    const message = await view.waitForPosted((m) => m.type === "export");
    assert.ok(message.type === "export");
    const exported = await view.page.evaluate((text) => new DOMParser().parseFromString(text, "image/svg+xml").querySelectorAll("g[data-layer]").length, message.data);
    assert.equal(exported, 501);
  });

  it("draws the feature-map strip with blocks proportional to size and channels", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("mnist.nn.ts"));
    await view.page.click('button[aria-label^="Each layer\'s output"]');
    await view.page.waitForSelector("g.strip-block");
    const blocks = await view.page.$$eval("g.strip-block", (elements) =>
      elements.map((element) => {
        const front = element.querySelector("rect.strip-front, rect.strip-vector") as SVGRectElement;
        return {
          layer: Number(element.getAttribute("data-layer")),
          shape: element.querySelector("text.strip-shape")?.textContent,
          width: front.width.baseVal.value,
          height: front.height.baseVal.value,
        };
      }),
    );
    // dropout keeps its input's shape, so it has no block of its own.
    assert.deepEqual(
      blocks.map((b) => [b.layer, b.shape]),
      [[-1, "28×28×1"], [0, "26×26×32"], [1, "13×13×32"], [2, "11×11×64"], [3, "5×5×64"], [4, "1600"], [6, "10"]],
    );
    const byLayer = new Map(blocks.map((b) => [b.layer, b]));
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    assert.equal(ratio(byLayer.get(0)!.height, byLayer.get(1)!.height), ratio(26, 13));
    assert.equal(ratio(byLayer.get(2)!.width, byLayer.get(1)!.width), ratio(64, 32));
    await view.page.click('g.strip-block[data-layer="2"] rect.strip-front');
    await view.page.waitForSelector(".side h2");
    assert.equal(await view.page.textContent(".side h2"), "conv2d_1");
  });

  it("switches between the models of a file", async () => {
    view = await harness.open();
    const update = sourceUpdate(TWO_MODELS);
    await view.show(update);
    assert.equal(await view.page.isVisible("select.model-select"), true);
    assert.equal((await nodes(view)).length, 2);
    await view.send({ type: "showModel", model: "wide" });
    await view.page.waitForSelector('svg.drawing[aria-label="Topology of wide"]');
    assert.equal((await nodes(view)).length, 3);
  });

  it("ignores messages that aren't valid", async () => {
    view = await harness.open();
    await view.send({ type: "update", fileName: "x", version: 1, models: "nope", diagnostics: [] });
    await view.send({ type: "cursor", offset: -4 });
    await view.send({ type: "launch" });
    await view.show(exampleUpdate("spiral.nn.ts"));
    assert.ok((await nodes(view)).length > 1);
  });

  it("exports an SVG that parses as a standalone document", async () => {
    view = await harness.open({ theme: "dark" });
    await view.show(exampleUpdate("mnist.nn.ts"));
    await view.page.click('button[data-action="export-svg"]');
    const message = await view.waitForPosted((m) => m.type === "export");
    assert.ok(message.type === "export");
    assert.equal(message.format, "svg");
    assert.equal(message.fileName, "mnist-convnet.svg");
    const parsed = await view.page.evaluate((text) => {
      const document = new DOMParser().parseFromString(text, "image/svg+xml");
      return {
        error: document.querySelector("parsererror")?.textContent ?? null,
        root: document.documentElement.nodeName,
        nodes: document.querySelectorAll("g[data-layer]").length,
        texts: [...document.querySelectorAll("text")].map((t) => t.textContent),
        background: document.querySelector("svg > rect")?.getAttribute("fill"),
      };
    }, message.data);
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, "svg");
    assert.equal(parsed.nodes, 8);
    assert.ok(parsed.texts.includes("→ [26, 26, 32]"));
    assert.equal(parsed.background, "rgb(31, 31, 31)");
    // Standalone: no theme variables left to resolve.
    assert.ok(!message.data.includes("var(--"));
    fs.mkdirSync(path.resolve(__dirname, "../../test-results/topology"), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, "../../test-results/topology/mnist-export.svg"), message.data);
  });

  it("exports a PNG of the drawing", async () => {
    view = await harness.open();
    await view.show(exampleUpdate("lenet5.nn.ts"));
    await view.page.click('button[data-action="export-png"]');
    const message = await view.waitForPosted((m) => m.type === "export");
    assert.ok(message.type === "export");
    assert.equal(message.fileName, "lenet5.png");
    const bytes = Buffer.from(message.data, "base64");
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    assert.ok(width > 300 && height > 1000, `${width}×${height}`);
    fs.writeFileSync(path.resolve(__dirname, "../../test-results/topology/lenet5-export.png"), bytes);
  });

  const screenshots: { theme: "light" | "dark" | "high-contrast"; file: string; view: "graph" | "maps"; layer: number }[] = [
    { theme: "light", file: "mnist.nn.ts", view: "graph", layer: 3 },
    { theme: "dark", file: "mnist.nn.ts", view: "graph", layer: 3 },
    { theme: "high-contrast", file: "lenet5.nn.ts", view: "graph", layer: 1 },
    { theme: "light", file: "cifar-cnn.nn.ts", view: "maps", layer: 4 },
    { theme: "dark", file: "lenet5.nn.ts", view: "maps", layer: 1 },
  ];
  for (const shot of screenshots) {
    it(`renders ${shot.file} (${shot.view}) in the ${shot.theme} theme`, async () => {
      view = await harness.open({ theme: shot.theme });
      await view.show(exampleUpdate(shot.file));
      if (shot.view === "maps") {
        await view.page.click('button[aria-label^="Each layer\'s output"]');
        await view.page.click(`g.strip-block[data-layer="${shot.layer}"] rect.strip-front`);
      } else {
        await select(view, shot.layer);
      }
      const background = await view.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, { light: "rgb(255, 255, 255)", dark: "rgb(31, 31, 31)", "high-contrast": "rgb(0, 0, 0)" }[shot.theme]);
      const file = await view.screenshot(`${path.basename(shot.file, ".nn.ts")}-${shot.view}-${shot.theme}`);
      assert.ok(fs.statSync(file).size > 10000);
    });
  }

  it("renders a model with a diagnostic in place (screenshot)", async () => {
    view = await harness.open({ theme: "dark", width: 900, height: 700 });
    await view.show(sourceUpdate(BROKEN));
    await select(view, 2);
    await view.screenshot("broken-graph-dark");
  });
});
