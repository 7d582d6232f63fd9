// Train, Stop, Evaluate and Show Runs: the commands' implementations, the jobs they start, and
// what the training panel is told. The panel follows one run at a time (the latest started);
// every training keeps its own progress notification with Cancel. The heavy lifting happens in
// the worker process; this class only starts jobs, forwards their events and reads run folders.

import * as path from "path";
import * as vscode from "vscode";
import type { ExtensionToPanelMessage, PanelState, PanelToExtensionMessage } from "../../protocol/panel";
import type { DoneEvent, ErrorEvent, Logs, WorkerEvent } from "../../protocol/worker";
import type { Outcome } from "../../train/client";
import { latestUsableRun, readRun } from "../../train/runs";
import type { ExtensionServices } from "../services";
import { blockingErrors, pickModel, type PickedModel } from "./modelPicker";
import { TrainingPanelProvider } from "./panelProvider";
import { deleteRunFolder, epochHistory, isRunFolder, runSnapshot, runSummaries } from "./runFiles";
import { sessionKey, TrainingSession, type SessionTarget, type WorkerSettings } from "./trainingSession";

/** The model whose runs the panel lists. */
interface ShownModel {
  file: string;
  modelName: string;
  workspace: string;
}

const TRUST_MESSAGE =
  "Training needs a trusted workspace: it reads the model's data files and writes run folders. Trust this folder (Manage Workspace Trust) to train; checking, hints and the topology view work without it.";

export class TrainingController implements vscode.Disposable {
  readonly panel: TrainingPanelProvider;
  private readonly sessions = new Map<string, TrainingSession>();
  /** The job whose events the panel streams. */
  private followed: TrainingSession | undefined;
  private shown: ShownModel | undefined;
  /** The run the panel shows, when it is a finished one. */
  private shownRun: string | undefined;
  /** Run folders the panel may name, with their workspace: those the extension listed or showed. */
  private readonly knownRuns = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: ExtensionServices) {
    this.panel = new TrainingPanelProvider(services.extensionUri, services.logger, (message) => void this.onPanelMessage(message));
    this.disposables.push(
      this.panel,
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post({ type: "notice", notice: null })),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Commands.

  /**
   * Starts training the model (asking which one when the file holds several) and resolves once
   * it has started, with its session; undefined when nothing was started (and the user told why).
   */
  async train(uri?: unknown, exportName?: unknown): Promise<TrainingSession | undefined> {
    if (!this.requireTrust()) return undefined;
    const picked = await pickModel(this.services, uri, exportName, "train");
    if (picked === undefined) return undefined;
    const target = this.target(picked);
    const running = this.sessions.get(sessionKey(target.file, target.exportName));
    if (running?.isRunning) {
      // One training per model: say so, and offer the running one (without holding the command).
      void vscode.window.showInformationMessage(`${target.modelName} is already training.`, "Show", "Stop").then((choice) => {
        if (choice === "Show") void this.follow(running);
        if (choice === "Stop") running.stop();
      });
      return undefined;
    }
    if (!this.refuseIfBroken(picked)) return undefined;
    // The worker reads the file from disk: what it trains must be what the editor shows.
    if (picked.document.isDirty && !(await picked.document.save())) {
      void vscode.window.showErrorMessage(`${path.basename(target.file)} could not be saved, so ${target.modelName} was not trained.`);
      return undefined;
    }

    const session = TrainingSession.train(target, this.workerSettings());
    this.services.logger.info(`training ${target.modelName} (${target.file})`);
    this.sessions.set(session.key, session);
    this.updateRunningContext();
    session.onEvent((event) => {
      if (this.followed !== session) return;
      if (event.type === "started") this.post({ type: "notice", notice: null });
      this.forward(session, event);
    });
    this.shown = { file: target.file, modelName: target.modelName, workspace: target.workspace };
    this.post({ type: "notice", notice: { kind: "info", message: `Starting ${target.modelName}: preparing the data…` } });
    await this.follow(session);
    this.showProgress(session, `Training ${target.modelName}`);
    void session.outcome.then((outcome) => this.finished(session, outcome));
    return session;
  }

  async stop(): Promise<void> {
    const running = [...this.sessions.values()].filter((s) => s.isRunning && s.kind === "train");
    let session: TrainingSession | undefined;
    if (this.followed?.isRunning && this.followed.kind === "train") session = this.followed;
    else if (running.length === 1) session = running[0];
    else if (running.length > 1) {
      session = (
        await vscode.window.showQuickPick(
          running.map((s) => ({ label: s.target.modelName, description: vscode.workspace.asRelativePath(s.target.file), session: s })),
          { title: "Stop which training?" },
        )
      )?.session;
    } else {
      void vscode.window.showInformationMessage("No training is running.");
      return;
    }
    session?.stop();
  }

  /**
   * Evaluates the model's latest usable run again on the test split (its saved model, loaded by
   * the worker) and resolves with the outcome; undefined when there was nothing to evaluate.
   */
  async evaluate(uri?: unknown, exportName?: unknown): Promise<Outcome | undefined> {
    if (!this.requireTrust()) return undefined;
    const picked = await pickModel(this.services, uri, exportName, "evaluate");
    if (picked === undefined) return undefined;
    const target = this.target(picked);
    const latest = latestUsableRun(target.workspace, target.modelName);
    if (latest === undefined) {
      void vscode.window.showInformationMessage(`${target.modelName} has no trained run to evaluate yet.`, "Train").then((choice) => {
        if (choice === "Train") void this.train(picked.document.uri, target.exportName);
      });
      return undefined;
    }
    return this.evaluateRun(target, latest.dir);
  }

  async showRuns(uri?: unknown, exportName?: unknown): Promise<void> {
    if (uri !== undefined || vscode.window.activeTextEditor?.document.uri.path.endsWith(".nn.ts")) {
      const picked = await pickModel(this.services, uri, exportName, "list the runs of");
      if (picked === undefined) return;
      const target = this.target(picked);
      this.shown = { file: target.file, modelName: target.modelName, workspace: target.workspace };
    }
    await this.panel.reveal(false);
    if (this.shown === undefined) {
      this.post({ type: "notice", notice: { kind: "info", message: "Open a .nn.ts model file to list its runs." } });
      return;
    }
    this.sendRuns();
    this.post({ type: "focus", tab: "runs" });
  }

  // -------------------------------------------------------------------------------------------
  // Jobs.

  private target(picked: PickedModel): SessionTarget {
    return { file: picked.document.uri.fsPath, exportName: picked.model.exportName, modelName: picked.model.name, workspace: picked.workspace };
  }

  /** The backend and data folder from the settings, read at each start so changes apply at once. */
  private workerSettings(): WorkerSettings {
    const config = this.services.config();
    return { backend: config.trainingBackend, threads: config.trainingThreads, dataPath: config.dataPath };
  }

  private requireTrust(): boolean {
    if (vscode.workspace.isTrusted) return true;
    this.post({ type: "notice", notice: { kind: "restricted", message: TRUST_MESSAGE } });
    void vscode.window.showWarningMessage(TRUST_MESSAGE, "Manage Workspace Trust").then((choice) => {
      if (choice !== undefined) void vscode.commands.executeCommand("workbench.trust.manage");
    });
    return false;
  }

  /** False (and the user told why) when the model has errors: it would not train. */
  private refuseIfBroken(picked: PickedModel): boolean {
    const errors = blockingErrors(picked);
    if (errors.length === 0) return true;
    const first = errors[0];
    const message = `${picked.model.name} was not trained: it has ${errors.length === 1 ? "an error" : `${errors.length} errors`}. Line ${first.line}: ${first.message}`;
    this.post({ type: "notice", notice: { kind: "refused", message, diagnostics: errors } });
    void vscode.window.showErrorMessage(message, "Show Problems").then((choice) => {
      if (choice !== undefined) void vscode.commands.executeCommand("workbench.actions.view.problems");
    });
    return false;
  }

  private async evaluateRun(target: SessionTarget, runDir: string): Promise<Outcome | undefined> {
    const key = `evaluate:${runDir}`;
    if (this.sessions.get(key)?.isRunning) {
      void vscode.window.showInformationMessage(`${target.modelName} is already being evaluated.`);
      return undefined;
    }
    const session = TrainingSession.evaluate(target, runDir, this.workerSettings());
    this.sessions.set(key, session);
    this.shown = { file: target.file, modelName: target.modelName, workspace: target.workspace };
    this.knownRuns.set(runDir, target.workspace);
    await this.panel.reveal();
    this.showRun(runDir);
    session.onEvent((event) => {
      if (event.type === "evaluation" && this.shownRun === runDir) this.post({ type: "worker", event });
      if (event.type === "error") this.post({ type: "notice", notice: { kind: "refused", message: `Evaluating ${target.modelName} failed: ${event.message}`, diagnostics: event.diagnostics } });
    });
    this.showProgress(session, `Evaluating ${target.modelName}`);
    const outcome = await session.outcome;
    this.sessions.delete(key);
    if (outcome.type === "error") void vscode.window.showErrorMessage(`Evaluating ${target.modelName} failed: ${outcome.message}`);
    return outcome;
  }

  /** Streams this job into the panel: first everything it sent so far, then what follows. */
  private async follow(session: TrainingSession): Promise<void> {
    this.followed = session;
    this.shownRun = undefined;
    await this.panel.reveal();
    this.sendRuns();
    for (const event of session.replay()) this.forward(session, event);
  }

  /** Posts a job's event to the panel, noting the epochs the webview actually received. */
  private forward(session: TrainingSession, event: WorkerEvent): void {
    session.noteDelivery(
      this.panel.post({ type: "worker", event }).then((received) => {
        if (received && event.type === "epoch") session.deliveredEpochs.add(event.epoch);
      }),
    );
  }

  /** `nnStudio.training` in `when` clauses: the editor title shows Stop instead of Train. */
  private updateRunningContext(): void {
    const running = [...this.sessions.values()].some((s) => s.kind === "train" && s.isRunning);
    void vscode.commands.executeCommand("setContext", "nnStudio.training", running);
  }

  /** A notification with Cancel that mirrors the panel's progress. */
  private showProgress(session: TrainingSession, title: string): void {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => session.stop());
      let reported = 0;
      const off = session.onEvent((event) => {
        if (event.type === "epoch") {
          const percent = (100 * event.epoch) / Math.max(1, event.epochs);
          progress.report({ increment: percent - reported, message: `epoch ${event.epoch}/${event.epochs} · ${describeLogs(event.logs)}` });
          reported = percent;
        } else if (event.type === "progress") {
          progress.report({ message: event.total === null ? event.what : `${event.what} ${Math.round((100 * event.done) / Math.max(1, event.total))} %` });
        } else if (event.type === "started") {
          progress.report({ message: `${event.backend} backend · ${event.samples.train} training samples` });
        }
      });
      return session.outcome.finally(off);
    });
  }

  private async finished(session: TrainingSession, outcome: Outcome): Promise<void> {
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
    this.updateRunningContext();
    const name = session.target.modelName;
    if (outcome.type === "error") {
      this.services.logger.error(`training ${name} failed: ${outcome.message}`);
      this.noteRun(session, outcome);
      if (outcome.diagnostics !== undefined && outcome.diagnostics.length > 0 && this.followed === session) {
        this.post({ type: "notice", notice: { kind: "refused", message: `${name} was not trained: ${outcome.message}`, diagnostics: outcome.diagnostics } });
      }
      const choice = await vscode.window.showErrorMessage(`Training ${name} failed: ${outcome.message}`, "Show Panel");
      if (choice !== undefined) await this.follow(session);
      return;
    }
    if (outcome.type !== "done") return;
    this.services.logger.info(`training ${name} ${outcome.status}: ${outcome.runDir}`);
    this.noteRun(session, outcome);
    const how = outcome.status === "completed" ? `trained ${outcome.epochs} epochs` : `stopped after ${outcome.epochs} epochs`;
    const choice = await vscode.window.showInformationMessage(`${name} ${how}. Test: ${describeLogs(outcome.test)}`, "Open Run Folder");
    if (choice !== undefined) await this.openFolder(outcome.runDir);
  }

  /** A finished job's run joins the list (a failed one too: it is a folder the user may delete). */
  private noteRun(session: TrainingSession, outcome: DoneEvent | ErrorEvent): void {
    if (outcome.runDir !== undefined) this.knownRuns.set(outcome.runDir, session.target.workspace);
    if (this.shown !== undefined && this.shown.file === session.target.file && this.shown.modelName === session.target.modelName) this.sendRuns();
  }

  // -------------------------------------------------------------------------------------------
  // The panel.

  private post(message: ExtensionToPanelMessage): void {
    void this.panel.post(message);
  }

  private sendRuns(): void {
    const shown = this.shown;
    if (shown === undefined) return;
    const runs = runSummaries(shown.workspace, shown.modelName);
    for (const run of runs) this.knownRuns.set(run.runDir, shown.workspace);
    this.post({ type: "runs", model: shown.modelName, file: shown.file, runs });
  }

  private showRun(runDir: string, live = false): void {
    const snapshot = runSnapshot(runDir);
    if (snapshot === undefined) return;
    this.shownRun = runDir;
    this.post({ type: "run", run: snapshot, live });
  }

  private async onPanelMessage(message: PanelToExtensionMessage): Promise<void> {
    switch (message.type) {
      case "ready":
        this.restore(message.state);
        return;
      case "state":
        this.adoptState(message.state);
        return;
      case "stop": {
        const session = [...this.sessions.values()].find((s) => s.isRunning && s.runDir === message.runDir);
        session?.stop();
        return;
      }
      case "openFolder":
        if (this.isKnownRun(message.runDir)) await this.openFolder(message.runDir);
        return;
      case "deleteRun":
        await this.deleteRun(message.runDir);
        return;
      case "overlay":
        if (this.isKnownRun(message.runDir)) this.post({ type: "history", runDir: message.runDir, history: epochHistory(message.runDir) });
        return;
      case "showRun":
        if (this.isKnownRun(message.runDir)) {
          this.followed = undefined;
          this.showRun(message.runDir);
          this.post({ type: "focus", tab: "training" });
        }
        return;
      case "evaluate": {
        const workspace = this.knownRuns.get(message.runDir);
        const record = workspace !== undefined && this.isKnownRun(message.runDir) ? readRun(message.runDir) : undefined;
        if (workspace === undefined || record === undefined || !this.requireTrust()) return;
        const target = { file: record.source.file, exportName: record.model.exportName, modelName: record.model.name, workspace };
        await this.evaluateRun(target, message.runDir);
        return;
      }
    }
  }

  /** A (re)loaded page: send it the live run, or rebuild what it showed from the run files. */
  private restore(state: PanelState | null): void {
    if (state !== null) this.adoptState(state);
    if (!vscode.workspace.isTrusted) this.post({ type: "notice", notice: { kind: "restricted", message: TRUST_MESSAGE } });
    this.sendRuns();
    const followed = this.followed;
    if (followed !== undefined && (followed.isRunning || this.shownRun === undefined)) {
      for (const event of followed.replay()) this.forward(followed, event);
      return;
    }
    const runDir = this.shownRun ?? state?.runDir ?? undefined;
    if (runDir !== undefined && this.isKnownRun(runDir)) this.showRun(runDir);
  }

  /** Takes over what a reloaded page remembers, after checking each path is one of ours. */
  private adoptState(state: PanelState): void {
    if (this.shown === undefined && state.file !== null && state.model !== null) {
      const uri = vscode.Uri.file(state.file);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      // Only a model file inside an open workspace folder is taken from the page's memory.
      if (folder !== undefined) this.shown = { file: state.file, modelName: state.model, workspace: folder.uri.fsPath };
    }
    const workspace = this.shown?.workspace;
    if (workspace === undefined) return;
    for (const runDir of [state.runDir, ...state.overlay]) {
      if (runDir !== null && !this.knownRuns.has(runDir) && isRunFolder(workspace, runDir)) this.knownRuns.set(runDir, workspace);
    }
  }

  private isKnownRun(runDir: string): boolean {
    const workspace = this.knownRuns.get(runDir);
    return workspace !== undefined && isRunFolder(workspace, runDir);
  }

  private async openFolder(runDir: string): Promise<void> {
    const uri = vscode.Uri.file(runDir);
    // On a remote (or in a browser) there is no local file manager: reveal it in the Explorer.
    const command = vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop ? "revealFileInOS" : "revealInExplorer";
    await vscode.commands.executeCommand(command, uri);
  }

  private async deleteRun(runDir: string): Promise<void> {
    const workspace = this.knownRuns.get(runDir);
    if (workspace === undefined || !this.isKnownRun(runDir)) return;
    if ([...this.sessions.values()].some((s) => s.isRunning && s.runDir === runDir)) return;
    const name = path.basename(runDir);
    const choice = await vscode.window.showWarningMessage(`Delete the run ${name}? Its saved model, history and evaluation are removed from disk.`, { modal: true }, "Delete");
    if (choice !== "Delete") return;
    if (!deleteRunFolder(workspace, runDir)) return;
    this.knownRuns.delete(runDir);
    this.services.logger.info(`deleted run ${runDir}`);
    this.post({ type: "runRemoved", runDir });
  }

  dispose(): void {
    // A training must not outlive the window that shows it: its worker is killed, its run marked failed.
    for (const session of this.sessions.values()) if (session.isRunning) session.kill("training was cancelled: the editor window closed.");
    this.sessions.clear();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** `loss 0.1234 · accuracy 0.9712`: the logs as one short line. */
export function describeLogs(logs: Logs): string {
  const entries = Object.entries(logs);
  if (entries.length === 0) return "no metrics";
  return entries.map(([name, value]) => `${name} ${Number.isFinite(value) ? Number(value.toPrecision(4)) : value}`).join(" · ");
}
