// The training panel: run header, progress with Stop, live charts, the result with a link to the
// run folder, the evaluation, and the runs list with its overlay. It keeps one RunState, applies
// what the extension sends, and redraws at most once per animation frame however many events
// arrive in it.

import { isPanelState, PANEL_TABS, type PanelTab, type EpochHistory, type ExtensionToPanelMessage, type NoticeMessage, type PanelState, type PanelToExtensionMessage, type RunSummary } from "../../src/protocol/panel";
import { chartGroups, emptyRun, applyEvent, runFromSnapshot, type RunState } from "./runState";
import { LineChart, type ChartData, type Line } from "./lineChart";
import { renderEvaluation } from "./evaluationView";
import { custom, el, formatDuration, formatNumber, runLabel } from "./dom";
import { readTheme, watchTheme, withAlpha, type ChartTheme } from "./theme";

export interface Host {
  post(message: PanelToExtensionMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

/** The batch-loss chart's title; the epoch charts are titled by their logged value. */
export const BATCH_CHART = "batch loss";
const OVERLAY_DASH = [6, 4];

export class TrainingPanel {
  private run: RunState = emptyRun();
  private runs: RunSummary[] = [];
  private model: { name: string; file: string } | null = null;
  private notice: NoticeMessage["notice"] = null;
  private overlay = new Set<string>();
  private histories = new Map<string, EpochHistory>();
  private charts = new Map<string, LineChart>();
  private theme: ChartTheme;
  private frame = 0;
  private stopping = false;
  /** What was last drawn into the slow parts, so they are rebuilt only when they change. */
  private drawn = { evaluation: null as unknown, runs: null as unknown, header: "" };

  private readonly ui = {
    header: el("header", { class: "run-header" }),
    notice: el("div", { class: "notice", role: "status", hidden: "" }),
    progressBar: custom("vscode-progress-bar", { "aria-label": "training progress" }),
    progressText: el("span", { class: "progress-text", "aria-live": "polite" }),
    stop: custom("vscode-button", { secondary: "", disabled: "" }, "Stop"),
    status: el("div", { class: "status" }),
    charts: el("div", { class: "charts" }),
    evaluation: el("div", { class: "evaluation-host" }),
    runs: el("div", { class: "runs-host" }),
    tabs: custom("vscode-tabs", { panel: "" }),
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    this.theme = readTheme();
    const persisted = host.getState();
    if (isPanelState(persisted)) {
      for (const runDir of persisted.overlay) this.overlay.add(runDir);
      if (persisted.file !== null && persisted.model !== null) this.model = { file: persisted.file, name: persisted.model };
      this.run.runDir = persisted.runDir;
    }
    this.layout();
    watchTheme(() => {
      this.theme = readTheme();
      for (const chart of this.charts.values()) chart.setTheme(this.theme);
      this.drawn.evaluation = null;
      this.schedule();
    });
    host.post({ type: "ready", state: isPanelState(persisted) ? persisted : null });
  }

  /** Applies one message from the extension (already checked by the caller). */
  receive(message: ExtensionToPanelMessage): void {
    switch (message.type) {
      case "worker":
        this.run = applyEvent(this.run, message.event);
        if (message.event.type === "started") {
          this.stopping = false;
          this.saveState();
        }
        if (message.event.type === "done" || message.event.type === "error") this.stopping = false;
        // An evaluation asked for on its own is what the user wants to see next.
        if (message.event.type === "evaluation" && this.run.evaluation === message.event.evaluation) this.selectTab("evaluation");
        break;
      case "run":
        this.run = runFromSnapshot(message.run, message.live);
        this.stopping = false;
        this.saveState();
        break;
      case "runs": {
        this.model = { name: message.model, file: message.file };
        this.runs = message.runs;
        const known = new Set(message.runs.map((r) => r.runDir));
        for (const runDir of [...this.overlay]) if (!known.has(runDir)) this.overlay.delete(runDir);
        for (const runDir of this.overlay) if (!this.histories.has(runDir)) this.host.post({ type: "overlay", runDir });
        this.saveState();
        break;
      }
      case "history":
        this.histories.set(message.runDir, message.history);
        break;
      case "runRemoved":
        this.runs = this.runs.filter((r) => r.runDir !== message.runDir);
        this.overlay.delete(message.runDir);
        this.histories.delete(message.runDir);
        this.saveState();
        break;
      case "notice":
        this.notice = message.notice;
        break;
      case "focus":
        this.selectTab(message.tab);
        break;
    }
    this.schedule();
  }

  /** For tests and the bench: exactly what each chart was handed. */
  chartData(): ChartData[] {
    return [...this.charts.values()].map((chart) => chart.read());
  }

  /** Draws now instead of at the next frame (tests and the bench measure this). */
  renderNow(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  private selectTab(tab: PanelTab): void {
    (this.ui.tabs as HTMLElement & { selectedIndex: number }).selectedIndex = PANEL_TABS.indexOf(tab);
  }

  private schedule(): void {
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  }

  private saveState(): void {
    const state: PanelState = {
      runDir: this.run.runDir,
      file: this.model?.file ?? null,
      model: this.model?.name ?? null,
      overlay: [...this.overlay],
    };
    this.host.setState(state);
    this.host.post({ type: "state", state });
  }

  private layout(): void {
    const { ui } = this;
    ui.stop.addEventListener("click", () => {
      if (!this.run.live || this.run.runDir === null || this.stopping) return;
      this.stopping = true;
      this.host.post({ type: "stop", runDir: this.run.runDir });
      this.schedule();
    });
    const tab = (title: string, id: string, body: HTMLElement) => {
      // The tabs element renumbers its children's ids, so tests and styles find them by data-tab.
      ui.tabs.append(custom("vscode-tab-header", { slot: "header", "data-tab": id }, title), custom("vscode-tab-panel", { "data-tab": id }, body));
    };
    tab("Training", "training", ui.charts);
    tab("Evaluation", "evaluation", ui.evaluation);
    tab("Runs", "runs", ui.runs);
    this.root.append(
      ui.header,
      ui.notice,
      // One row for where the run is and how it ended: the bottom panel is short, the charts need it.
      el("div", { class: "progress-row" }, ui.progressText, ui.status, ui.stop),
      ui.progressBar,
      ui.tabs,
    );
  }

  private render(): void {
    this.renderHeader();
    this.renderNotice();
    this.renderProgress();
    this.renderStatus();
    this.renderCharts();
    if (this.drawn.evaluation !== this.run.evaluation) {
      this.drawn.evaluation = this.run.evaluation;
      this.ui.evaluation.replaceChildren(renderEvaluation(this.run.evaluation, this.run.test, this.theme));
    }
    const runsKey = [this.runs, this.overlay.size, this.run.runDir];
    if (JSON.stringify(this.drawn.runs) !== JSON.stringify(runsKey)) {
      this.drawn.runs = runsKey;
      this.renderRuns();
    }
  }

  private renderHeader(): void {
    const header = this.run.header;
    const facts: [string, string][] = [];
    if (header !== null) {
      facts.push(["model", header.model]);
      if (header.backend !== null) facts.push(["backend", header.threads === undefined ? header.backend : `${header.backend} · ${header.threads} thread${header.threads === 1 ? "" : "s"}`]);
      facts.push(["data", header.data]);
      if (header.samples !== null) facts.push(["samples", `${formatNumber(header.samples.train)} train · ${formatNumber(header.samples.validation)} validation · ${formatNumber(header.samples.test)} test`]);
      if (header.parameters !== null) facts.push(["parameters", `${formatNumber(header.parameters.total)} (${formatNumber(header.parameters.trainable)} trainable)`]);
      if (header.batchSize !== null) facts.push(["batch size", String(header.batchSize)]);
      if (header.seed !== null) facts.push(["seed", String(header.seed)]);
    } else if (this.model !== null) {
      facts.push(["model", this.model.name]);
    }
    const key = JSON.stringify(facts);
    if (key === this.drawn.header) return;
    this.drawn.header = key;
    this.ui.header.replaceChildren(
      ...(facts.length === 0
        ? [el("span", { class: "empty" }, "No training yet. Run “NN Studio: Train Model” or press Train above a model.")]
        : facts.map(([name, value]) => el("span", { class: "fact", "data-fact": name }, el("span", { class: "fact-name" }, name), " ", el("span", { class: "fact-value" }, value)))),
    );
  }

  private renderNotice(): void {
    const { notice } = this;
    const box = this.ui.notice;
    if (notice === null) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    box.hidden = false;
    box.dataset.kind = notice.kind;
    const list = (notice.diagnostics ?? []).map((d) => el("li", {}, `${d.line}:${d.column} ${d.code}: ${d.message}`));
    box.replaceChildren(el("p", {}, notice.message), ...(list.length > 0 ? [el("ul", {}, ...list)] : []));
  }

  private renderProgress(): void {
    const { run } = this;
    const p = run.progress;
    const parts: string[] = [];
    if (run.preparing !== null && run.live) {
      const { what, done, total } = run.preparing;
      parts.push(total === null ? `${what}: ${formatNumber(done)}` : `${what}: ${Math.round((100 * done) / Math.max(1, total))} %`);
    } else if (p.epochs > 0) {
      parts.push(`Epoch ${p.epoch}/${p.epochs}`);
      if (run.live && p.batchesPerEpoch !== null) parts.push(`batch ${p.batch}/${p.batchesPerEpoch}`);
      if (p.samplesPerSecond !== null) parts.push(`${formatNumber(Math.round(p.samplesPerSecond))} samples/s`);
      if (run.live && p.etaSeconds !== null) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
    }
    this.ui.progressText.textContent = parts.join(" · ");
    const bar = this.ui.progressBar as HTMLElement & { value?: number; max: number };
    const total = p.epochs * (p.batchesPerEpoch ?? 1);
    const done = (p.epochsDone + (run.live && p.epoch > p.epochsDone && p.batchesPerEpoch !== null ? p.batch / p.batchesPerEpoch : 0)) * (p.batchesPerEpoch ?? 1);
    bar.max = Math.max(1, total);
    bar.value = total === 0 ? 0 : Math.min(total, done);
    bar.hidden = !run.live && p.epochs === 0;
    const stop = this.ui.stop;
    stop.toggleAttribute("disabled", !run.live || this.stopping);
    stop.textContent = this.stopping ? "Stopping…" : "Stop";
  }

  private renderStatus(): void {
    const { run } = this;
    const box = this.ui.status;
    box.dataset.status = run.header === null && run.runDir === null ? "none" : run.status;
    const children: (Node | string)[] = [];
    if (run.error !== null) {
      children.push(el("p", { class: "error" }, `Training failed: ${run.error.message}`));
      const list = run.error.diagnostics.map((d) => el("li", {}, `${d.line}:${d.column} ${d.code}: ${d.message}`));
      if (list.length > 0) children.push(el("ul", { class: "diagnostics" }, ...list));
    } else if (!run.live && run.status !== "running") {
      const how =
        run.status === "completed"
          ? `Completed ${run.progress.epochsDone} epochs`
          : `Stopped after epoch ${run.progress.epochsDone}${run.stopReason === "early-stopping" ? " (early stopping)" : run.stopReason === "nan" ? " (the loss became NaN)" : ""}`;
      children.push(el("span", { class: "outcome" }, how));
    }
    if (run.test !== null && !run.live) {
      children.push(
        el(
          "span",
          { class: "test-metrics" },
          "Test: ",
          ...Object.entries(run.test).map(([name, value]) => el("span", { class: "test-metric", "data-metric": name }, `${name} ${formatNumber(value)}`)),
        ),
      );
    }
    if (run.runDir !== null && !run.live && run.header !== null) {
      const link = el("a", { href: "#", class: "run-folder", title: run.runDir }, "Open run folder");
      const runDir = run.runDir;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        this.host.post({ type: "openFolder", runDir });
      });
      children.push(link);
    }
    box.replaceChildren(...children);
  }

  private renderCharts(): void {
    const { run } = this;
    const groups = chartGroups(run.epochs.values.keys());
    const overlays = [...this.overlay].filter((runDir) => runDir !== run.runDir && this.histories.has(runDir));
    let length = run.epochs.epochs.length;
    for (const runDir of overlays) length = Math.max(length, this.histories.get(runDir)?.length ?? 0);
    const x = Array.from({ length }, (_, i) => i + 1);
    const pad = (values: (number | null)[]) => (values.length === length ? values : [...values, ...new Array<null>(length - values.length).fill(null)]);
    const wanted = new Set<string>();

    for (const group of groups) {
      wanted.add(group.title);
      const lines: Line[] = group.series.map((name) => ({
        label: name,
        values: pad(run.epochs.values.get(name) ?? []),
        colour: this.theme.palette[name.startsWith("val_") ? 1 : 0],
      }));
      overlays.forEach((runDir, k) => {
        const history = this.histories.get(runDir) ?? [];
        const colour = this.theme.palette[2 + (k % (this.theme.palette.length - 2))];
        const name = runLabel(this.runs.find((r) => r.runDir === runDir)?.name ?? runDir);
        for (const series of group.series) {
          if (!history.some((logs) => series in logs)) continue;
          lines.push({ label: `${series} · ${name}`, values: pad(history.map((logs) => (Number.isFinite(logs[series]) ? logs[series] : null))), colour, dash: series.startsWith("val_") ? [2, 3] : OVERLAY_DASH, width: 1.25 });
        }
      });
      this.chart(group.title, "epoch").update(x, lines);
    }

    if (run.batches.steps.length > 0) {
      wanted.add(BATCH_CHART);
      this.chart(BATCH_CHART, "batch").update(run.batches.steps, [
        { label: "loss", values: run.batches.loss, colour: withAlpha(this.theme.palette[0], 0.3), width: 1 },
        { label: "smoothed", values: run.batches.smoothed, colour: this.theme.palette[0] },
      ]);
    }
    for (const [title, chart] of this.charts) {
      if (!wanted.has(title)) {
        chart.destroy();
        this.charts.delete(title);
      }
    }
    if (this.charts.size === 0 && this.ui.charts.childElementCount === 0) {
      this.ui.charts.append(el("p", { class: "empty charts-empty" }, "The curves appear here as the model trains."));
    }
  }

  private chart(title: string, xLabel: string): LineChart {
    let chart = this.charts.get(title);
    if (chart === undefined) {
      this.ui.charts.querySelector(".charts-empty")?.remove();
      chart = new LineChart(title, xLabel, this.theme);
      this.charts.set(title, chart);
      // The batch chart goes last; epoch charts keep the order they first appeared in.
      const batch = this.charts.get(BATCH_CHART);
      if (title !== BATCH_CHART && batch !== undefined) this.ui.charts.insertBefore(chart.element, batch.element);
      else this.ui.charts.append(chart.element);
      chart.fit();
    }
    return chart;
  }

  private renderRuns(): void {
    const host = this.ui.runs;
    if (this.runs.length === 0) {
      host.replaceChildren(el("p", { class: "empty" }, this.model === null ? "Runs of a model are listed here after it has trained." : `No saved runs of ${this.model.name} yet.`));
      return;
    }
    const header = el("tr", {}, ...["overlay", "run", "status", "epochs", "backend", "test", ""].map((name) => el("th", { scope: "col" }, name)));
    const rows = this.runs.map((run) => {
      const tick = custom("vscode-checkbox", { "aria-label": `overlay ${run.name}` }) as HTMLElement & { checked: boolean };
      tick.toggleAttribute("checked", this.overlay.has(run.runDir));
      tick.addEventListener("change", () => {
        if (tick.checked) {
          this.overlay.add(run.runDir);
          if (!this.histories.has(run.runDir)) this.host.post({ type: "overlay", runDir: run.runDir });
        } else {
          this.overlay.delete(run.runDir);
        }
        this.saveState();
        this.schedule();
      });
      const action = (label: string, message: PanelToExtensionMessage) => {
        const button = custom("vscode-button", { secondary: "", "data-action": message.type }, label);
        button.addEventListener("click", () => this.host.post(message));
        return button;
      };
      const test = run.test === null ? "—" : Object.entries(run.test).map(([name, value]) => `${name} ${formatNumber(value)}`).join(" · ");
      return el(
        "tr",
        { "data-run": run.runDir, class: run.runDir === this.run.runDir ? "current" : "" },
        el("td", {}, tick),
        el("td", { class: "run-name", title: run.runDir }, runLabel(run.name)),
        el("td", { class: `run-status ${run.status}` }, run.status),
        el("td", {}, String(run.epochs)),
        el("td", {}, run.backend ?? "—"),
        el("td", { class: "run-test" }, test),
        el(
          "td",
          { class: "actions" },
          action("Show", { type: "showRun", runDir: run.runDir }),
          ...(run.status === "completed" || run.status === "stopped" ? [action("Evaluate", { type: "evaluate", runDir: run.runDir })] : []),
          action("Open folder", { type: "openFolder", runDir: run.runDir }),
          action("Delete", { type: "deleteRun", runDir: run.runDir }),
        ),
      );
    });
    host.replaceChildren(el("table", { class: "runs" }, el("thead", {}, header), el("tbody", {}, ...rows)));
  }
}
