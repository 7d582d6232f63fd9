// The training panel in headless Chromium: its real bundle in its real page (CSP included), fed
// the recorded events of real training runs (test/fixtures/training/*.jsonl, captured from the
// training runtime's worker). Expected values are read from the recorded events themselves.

import * as assert from "assert";
import * as fs from "fs";
import type { Browser } from "playwright-core";
import type { RunSummary } from "../../src/protocol/panel";
import type { BatchEvent, ClassificationEvaluation, DoneEvent, EpochEvent, ErrorEvent, RegressionEvaluation, StartedEvent, WorkerEvent } from "../../src/protocol/worker";
import { buildBundle, launchBrowser, openPanel, readEvents, screenshot, violations, type PanelPage, type ThemeName } from "./trainingHarness";

const spiral = readEvents("spiral3.jsonl");
const started = spiral[0] as StartedEvent;
const epochs = spiral.filter((e): e is EpochEvent => e.type === "epoch");
const batches = spiral.filter((e): e is BatchEvent => e.type === "batch");
const done = spiral[spiral.length - 1] as DoneEvent;

// The older run of the list is the recorded stopped run: its epochs are what history.json holds.
const stopped = readEvents("stopped.jsonl");
const stoppedRunDir = (stopped[0] as StartedEvent).runDir;
const olderHistory = stopped.filter((e): e is EpochEvent => e.type === "epoch").map((e) => e.logs);
const olderName = stoppedRunDir.split("/").pop() as string;
const olderLabel = olderName.replace(/^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-\d{3}Z$/, "$1 $2:$3:$4");
const twoRuns: RunSummary[] = [
  { runDir: started.runDir, name: started.runDir.split("/").pop() as string, model: "spiral3", status: "completed", epochs: 150, backend: "cpu", startedAt: null, test: done.test },
  { runDir: stoppedRunDir, name: olderName, model: "spiral3", status: "stopped", epochs: olderHistory.length, backend: "cpu", startedAt: null, test: null },
];

/** Everything up to (and including) the `count`-th event matching `predicate`. */
function until(events: WorkerEvent[], predicate: (e: WorkerEvent) => boolean, count = 1): WorkerEvent[] {
  let seen = 0;
  const end = events.findIndex((e) => predicate(e) && ++seen === count);
  assert.ok(end >= 0, "the fixture holds the event");
  return events.slice(0, end + 1);
}

function text(panel: PanelPage, selector: string): Promise<string> {
  return panel.page.locator(selector).first().innerText();
}

async function showTab(panel: PanelPage, tab: "training" | "evaluation" | "runs"): Promise<void> {
  await panel.page.click(`vscode-tab-header[data-tab=${tab}]`);
  await panel.page.locator(`vscode-tab-panel[data-tab=${tab}]`).waitFor({ state: "visible" });
}

describe("training panel (webview, headless Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let bundle: string;
  const open: PanelPage[] = [];

  before(async () => {
    bundle = await buildBundle();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (bundle !== undefined) fs.rmSync(bundle, { recursive: true, force: true });
  });

  async function panel(theme: ThemeName = "dark"): Promise<PanelPage> {
    const page = await openPanel(browser, bundle, theme);
    open.push(page);
    return page;
  }

  afterEach(async () => {
    // Whatever a test did, the page broke no security policy and threw nothing.
    for (const page of open.splice(0)) {
      assert.deepEqual(await violations(page), [], "CSP violations");
      assert.deepEqual(page.problems, [], "page errors");
      await page.page.close();
    }
  });

  it("announces itself with `ready` and no state on a first load", async () => {
    const p = await panel();
    assert.deepEqual(await p.posted(), [{ type: "ready", state: null }]);
  });

  it("draws every epoch of a recorded run: series lengths and values as the worker logged them", async () => {
    const p = await panel();
    await p.replay(spiral);
    const charts = await p.charts();
    assert.deepEqual(
      charts.map((c) => [c.title, c.series.map((s) => s.label)]),
      [
        ["loss", ["loss", "val_loss"]],
        ["accuracy", ["accuracy", "val_accuracy"]],
        ["batch loss", ["loss", "smoothed"]],
      ],
    );
    const [loss, accuracy, batch] = charts;
    assert.equal(loss.x.length, 150);
    assert.deepEqual(loss.x, epochs.map((e) => e.epoch));
    assert.deepEqual(loss.series[0].values, epochs.map((e) => e.logs.loss));
    assert.deepEqual(loss.series[1].values, epochs.map((e) => e.logs.val_loss));
    assert.deepEqual(accuracy.series[0].values, epochs.map((e) => e.logs.accuracy));
    assert.deepEqual(accuracy.series[1].values, epochs.map((e) => e.logs.val_accuracy));

    // One point per batch event, at its global step; the smoothing starts on the first value.
    assert.equal(batch.x.length, batches.length);
    assert.deepEqual(batch.x, batches.map((b) => b.epoch * b.batchesPerEpoch + b.batch + 1));
    assert.deepEqual(batch.series[0].values, batches.map((b) => b.logs.loss));
    assert.equal(batch.series[1].values[0], batches[0].logs.loss);
    // TensorBoard's debiased EMA (weight 0.6), by hand for the second point.
    const second = (0.6 * 0.4 * batches[0].logs.loss + 0.4 * batches[1].logs.loss) / (1 - 0.6 ** 2);
    assert.ok(Math.abs((batch.series[1].values[1] as number) - second) < 1e-12);
  });

  it("shows progress mid-epoch: epoch, batch, samples/s and an ETA from the measured epochs", async () => {
    const p = await panel();
    // Ten epochs done, then the batch events of the eleventh up to its fifth recorded one.
    const tenEpochs = until(spiral, (e) => e.type === "epoch", 10);
    const rest = spiral.slice(tenEpochs.length);
    const eleventh = until(rest, (e) => e.type === "batch", 5);
    await p.replay([...tenEpochs, ...eleventh]);

    const lastBatch = eleventh[eleventh.length - 1] as BatchEvent;
    const tenth = epochs[9];
    const meanMs = epochs.slice(0, 10).reduce((sum, e) => sum + e.durationMs, 0) / 10;
    const eta = Math.round(((150 - 10 - (lastBatch.batch + 1) / started.batchesPerEpoch) * meanMs) / 1000);
    const etaText = eta >= 60 ? `${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, "0")}` : `${eta}s`;
    assert.equal(
      await text(p, ".progress-text"),
      `Epoch 11/150 · batch ${lastBatch.batch + 1}/${started.batchesPerEpoch} · ${Math.round(tenth.samplesPerSecond).toLocaleString("en-US")} samples/s · ETA ${etaText}`,
    );
    assert.equal(await p.page.locator("vscode-button:has-text('Stop')").getAttribute("disabled"), null, "Stop is live while training");
    const charts = await p.charts();
    assert.equal(charts[0].x.length, 10);
  });

  it("shows the run header from the started event", async () => {
    const p = await panel();
    await p.replay(spiral.slice(0, 1));
    const facts = await p.page.$$eval(".fact", (nodes) => nodes.map((n) => [n.getAttribute("data-fact"), n.querySelector(".fact-value")?.textContent]));
    assert.deepEqual(facts, [
      ["model", "spiral3"],
      ["backend", "cpu"],
      ["data", started.data],
      ["samples", "480 train · 120 validation · 120 test"],
      ["parameters", `${started.parameters.total.toLocaleString("en-US")} (${started.parameters.trainable.toLocaleString("en-US")} trainable)`],
      ["batch size", "32"],
      ["seed", "1"],
    ]);
  });

  it("names the wasm backend's thread count in the header", async () => {
    const p = await panel();
    await p.replay([{ ...started, backend: "wasm", threads: 2 }]);
    const backend = await p.page.$eval(".fact[data-fact='backend'] .fact-value", (node) => node.textContent);
    assert.equal(backend, "wasm · 2 threads");
  });

  it("on completion shows the test metrics and links to the run folder", async () => {
    const p = await panel();
    await p.replay(spiral);
    assert.equal(await text(p, ".outcome"), "Completed 150 epochs");
    const metrics = await p.page.$$eval(".test-metric", (nodes) => nodes.map((n) => n.getAttribute("data-metric")));
    assert.deepEqual(metrics, Object.keys(done.test));
    assert.equal(await p.page.locator("vscode-button:has-text('Stop')").getAttribute("disabled"), "");
    await p.page.click(".run-folder");
    const posted = await p.posted();
    assert.deepEqual(posted[posted.length - 1], { type: "openFolder", runDir: done.runDir });
  });

  it("evaluation view: confusion-matrix cells, per-class table, ROC curves with AUC", async () => {
    const p = await panel();
    await p.replay(spiral);
    await showTab(p, "evaluation");
    const evaluation = done.evaluation as ClassificationEvaluation;
    const cells = await p.page.$$eval(".confusion td.cell", (nodes) => nodes.map((n) => [Number(n.getAttribute("data-true")), Number(n.getAttribute("data-predicted")), n.textContent]));
    const expected = evaluation.confusionMatrix.flatMap((row, t) => row.map((count, q) => [t, q, String(count)]));
    assert.deepEqual(cells, expected);

    const rows = await p.page.$$eval(".per-class tbody tr", (nodes) => nodes.map((n) => [...n.children].map((c) => c.textContent)));
    const four = (v: number | null) => (v === null ? "—" : Number(v.toPrecision(4)).toLocaleString("en-US", { maximumSignificantDigits: 4 }));
    assert.deepEqual(
      rows,
      [
        ...evaluation.classes.map((c) => [c.label, four(c.precision), four(c.recall), four(c.f1), four(c.roc.auc), String(c.support)]),
        ["macro avg", four(evaluation.macro.precision), four(evaluation.macro.recall), four(evaluation.macro.f1), four(evaluation.macro.auc), String(evaluation.samples)],
      ],
    );
    // One curve per class (three classes), each with every point the worker sent.
    const curves = await p.page.$$eval(".roc-curve", (nodes) => nodes.map((n) => [n.getAttribute("data-class"), (n.getAttribute("points") ?? "").split(" ").length]));
    assert.deepEqual(curves, evaluation.classes.map((c) => [c.label, c.roc.fpr.length]));
    const legend = await p.page.$$eval(".legend li", (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(legend, evaluation.classes.map((c) => `${c.label}  AUC ${(c.roc.auc as number).toFixed(3)}`));
  });

  it("regression evaluation: MAE, MSE, R² and the predicted-vs-actual scatter", async () => {
    const p = await panel();
    const sine = readEvents("sine.jsonl");
    await p.replay(sine);
    await showTab(p, "evaluation");
    const evaluation = (sine[sine.length - 1] as DoneEvent).evaluation as RegressionEvaluation;
    const metric = (name: string) => text(p, `.metric[data-metric="${name}"] dd`);
    assert.equal(await metric("MAE"), Number(evaluation.mae.toPrecision(4)).toString());
    assert.equal(await metric("MSE"), Number(evaluation.mse.toPrecision(4)).toString());
    assert.equal(await metric("R²"), Number((evaluation.r2 as number).toPrecision(4)).toString());
    assert.equal(await p.page.locator(".scatter circle").count(), evaluation.points?.actual.length);
    assert.equal(evaluation.points?.actual.length, evaluation.samples);
    const charts = await p.charts();
    assert.deepEqual(charts.map((c) => c.title), ["loss", "mae", "batch loss"]);
  });

  it("Stop asks the extension to stop the live run once, then shows the stopped run", async () => {
    const p = await panel();
    await p.replay(stopped.slice(0, -1));
    await p.page.click("vscode-button:has-text('Stop')");
    await p.page.click("vscode-button:has-text('Stopping')", { force: true });
    const stops = (await p.posted()).filter((m) => m.type === "stop");
    assert.deepEqual(stops, [{ type: "stop", runDir: (stopped[0] as StartedEvent).runDir }]);
    await p.replay(stopped.slice(-1));
    const last = stopped[stopped.length - 1] as DoneEvent;
    assert.equal(await text(p, ".outcome"), `Stopped after epoch ${last.epochs}`);
    assert.equal(await p.page.locator("vscode-button:has-text('Stop')").getAttribute("disabled"), "");
  });

  it("a killed worker: the panel says what happened and the run is failed", async () => {
    const p = await panel();
    const killed = readEvents("killed.jsonl");
    await p.replay(killed);
    const error = killed[killed.length - 1] as ErrorEvent;
    assert.equal(await text(p, ".status .error"), `Training failed: ${error.message}`);
    assert.equal(await p.page.locator(".status").getAttribute("data-status"), "failed");
    assert.equal((await p.charts())[0].x.length, killed.filter((e) => e.type === "epoch").length);
  });

  it("a refused model: its diagnostics with positions", async () => {
    const p = await panel();
    const refused = readEvents("refused.jsonl");
    await p.replay(refused);
    const error = refused[0] as ErrorEvent;
    const d = error.diagnostics?.[0];
    assert.ok(d !== undefined);
    assert.deepEqual(await p.page.$$eval(".status .diagnostics li", (nodes) => nodes.map((n) => n.textContent)), [`${d.line}:${d.column} ${d.code}: ${d.message}`]);
  });

  it("notices: restricted mode and a model refused before starting", async () => {
    const p = await panel();
    await p.send({ type: "notice", notice: { kind: "restricted", message: "Training needs a trusted workspace." } });
    assert.equal(await p.page.locator(".notice").getAttribute("data-kind"), "restricted");
    assert.equal(await text(p, ".notice p"), "Training needs a trusted workspace.");
    await p.send({ type: "notice", notice: null });
    assert.equal(await p.page.locator(".notice").isHidden(), true);
  });

  it("runs list: overlay ticked runs, open and delete them", async () => {
    const p = await panel();
    await p.replay(spiral);
    await p.send({ type: "runs", model: "spiral3", file: "/workspace/spiral3.nn.ts", runs: twoRuns });
    await showTab(p, "runs");
    const names = await p.page.$$eval(".runs tbody .run-name", (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(names, [twoRuns[0].name.replace(/^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-\d{3}Z$/, "$1 $2:$3:$4"), olderLabel]);
    const older = `.runs tr[data-run="${twoRuns[1].runDir}"]`;

    await p.page.click(`${older} vscode-checkbox`);
    let posted = await p.posted();
    assert.deepEqual(posted.filter((m) => m.type === "overlay"), [{ type: "overlay", runDir: twoRuns[1].runDir }]);
    await p.send({ type: "history", runDir: twoRuns[1].runDir, history: olderHistory });
    const loss = (await p.charts())[0];
    assert.deepEqual(loss.series.map((s) => s.label), ["loss", "val_loss", `loss · ${olderLabel}`, `val_loss · ${olderLabel}`]);
    // Aligned by epoch with the shown run, padded where the older run had stopped.
    const olderLoss = olderHistory.map((logs) => logs.loss);
    assert.deepEqual(loss.series[2].values, [...olderLoss, ...new Array(150 - olderLoss.length).fill(null)]);
    // The stopped run's last, partial epoch logged no validation: a gap, not a number.
    assert.deepEqual(loss.series[3].values.slice(0, olderHistory.length), olderHistory.map((logs) => logs.val_loss ?? null));

    await p.page.click(`${older} vscode-button[data-action=openFolder]`);
    await p.page.click(`${older} vscode-button[data-action=deleteRun]`);
    posted = await p.posted();
    assert.deepEqual(posted.slice(-2), [
      { type: "openFolder", runDir: twoRuns[1].runDir },
      { type: "deleteRun", runDir: twoRuns[1].runDir },
    ]);
    // The extension confirms, deletes, and says so: the row and its overlay go.
    await p.send({ type: "runRemoved", runDir: twoRuns[1].runDir });
    assert.equal(await p.page.locator(older).count(), 0);
    assert.deepEqual((await p.charts())[0].series.map((s) => s.label), ["loss", "val_loss"]);
  });

  it("survives a reload: it tells the extension what it showed, and redraws what it is sent", async () => {
    const p = await panel();
    await p.replay(spiral);
    await p.send({ type: "runs", model: "spiral3", file: "/workspace/spiral3.nn.ts", runs: twoRuns });
    await showTab(p, "runs");
    await p.page.click(`.runs tr[data-run="${twoRuns[1].runDir}"] vscode-checkbox`);
    await p.page.reload();
    await p.page.waitForFunction(() => window.nnStudioTrainingPanel !== undefined);
    const posted = await p.posted();
    assert.deepEqual(posted, [
      { type: "ready", state: { runDir: done.runDir, file: "/workspace/spiral3.nn.ts", model: "spiral3", overlay: [twoRuns[1].runDir] } },
    ]);
    // The extension answers with the run rebuilt from its files (here: from the same events).
    const history = epochs.map((e) => e.logs);
    await p.send({
      type: "run",
      live: false,
      run: {
        runDir: done.runDir,
        status: "completed",
        header: { file: started.file, model: "spiral3", backend: "cpu", data: started.data, parameters: started.parameters, samples: started.samples, epochs: 150, batchSize: 32, seed: 1 },
        history,
        test: done.test,
        evaluation: done.evaluation,
        error: null,
      },
    });
    const loss = (await p.charts())[0];
    assert.deepEqual(loss.series[0].values, epochs.map((e) => e.logs.loss));
    assert.equal(await text(p, ".outcome"), "Completed 150 epochs");
  });

  it("hover read-out: the legend shows the values under the cursor, the latest ones elsewhere", async () => {
    const p = await panel();
    await p.replay(spiral);
    const legendValues = () => p.page.$$eval('[data-chart="loss"] .u-legend .u-value', (nodes) => nodes.map((n) => n.textContent));
    const last = epochs[epochs.length - 1];
    const four = (v: number) => Number(v.toPrecision(4)).toString();
    assert.deepEqual(await legendValues(), ["150", four(last.logs.loss), four(last.logs.val_loss)]);
    const over = p.page.locator('[data-chart="loss"] .u-over');
    const box = await over.boundingBox();
    assert.ok(box !== null);
    await p.page.mouse.move(box.x + 1, box.y + box.height / 2);
    const values = await legendValues();
    const epoch = Number(values[0]);
    assert.ok(epoch >= 1 && epoch <= 3, `the cursor at the left edge reads an early epoch, got ${epoch}`);
    assert.deepEqual(values.slice(1), [four(epochs[epoch - 1].logs.loss), four(epochs[epoch - 1].logs.val_loss)]);
  });

  for (const theme of ["light", "dark", "high-contrast"] as const) {
    it(`screenshots in the ${theme} theme (test-results/)`, async () => {
      const p = await panel(theme);
      await p.replay(spiral);
      await p.send({ type: "runs", model: "spiral3", file: "/workspace/spiral3.nn.ts", runs: twoRuns });
      await showTab(p, "runs");
      await p.page.click(`.runs tr[data-run="${twoRuns[1].runDir}"] vscode-checkbox`);
      await p.send({ type: "history", runDir: twoRuns[1].runDir, history: olderHistory });
      await showTab(p, "training");
      const files = [await screenshot(p, `training-panel-${theme}.png`)];
      await showTab(p, "evaluation");
      files.push(await screenshot(p, `training-panel-evaluation-${theme}.png`));
      await showTab(p, "runs");
      files.push(await screenshot(p, `training-panel-runs-${theme}.png`));
      for (const file of files) assert.ok(fs.statSync(file).size > 10_000, `${file} has content`);
    });
  }

  it("redraws the charts in the new colours when the theme changes", async () => {
    const p = await panel("light");
    await p.replay(spiral);
    const marker = () => p.page.$eval('[data-chart="loss"] .u-legend .u-series:nth-child(2) .u-marker', (n) => getComputedStyle(n).borderColor);
    assert.equal(await marker(), "rgb(26, 133, 255)");
    await p.setTheme("dark");
    assert.equal(await marker(), "rgb(55, 148, 255)");
  });
});
