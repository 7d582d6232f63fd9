// One training (or evaluation) job of the extension: the training runtime's WorkerClient plus the
// events received so far, so that a panel which was hidden or reloaded mid-run can be sent the
// real events again and keep streaming. The worker runs in its own process (DESIGN.md: the
// extension host never runs TensorFlow.js); a crash there reaches us as an `error` event.

import * as path from "path";
import type { BackendChoice, StartedEvent, WorkerEvent } from "../../protocol/worker";
import { WorkerClient, type ClientOptions, type Outcome } from "../../train/client";

/** Batch events kept for a replay; beyond it every other one is dropped, keeping the curve's extent. */
const MAX_BATCH_EVENTS = 20_000;

export interface SessionTarget {
  /** The model file. */
  file: string;
  /** The model's export name (unique in its file). */
  exportName: string;
  /** Its display name: what run folders are named after. */
  modelName: string;
  /** The folder that receives `.nn-studio/runs/`. */
  workspace: string;
}

/** What the settings pass on to the worker with every request. */
export interface WorkerSettings {
  backend?: BackendChoice;
  /** Threads for the wasm backend; absent: chosen from the model's work per batch. */
  threads?: number;
  dataPath?: string;
}

export class TrainingSession {
  readonly key: string;
  readonly outcome: Promise<Outcome>;
  /** The epochs the training panel's webview has received (the controller notes them). */
  readonly deliveredEpochs = new Set<number>();
  private deliveries: Promise<unknown> = Promise.resolve();
  private readonly events: WorkerEvent[] = [];
  private batchEvents = 0;
  private readonly listeners = new Set<(event: WorkerEvent) => void>();
  private started: StartedEvent | undefined;
  private finished = false;

  private constructor(
    readonly kind: "train" | "evaluate",
    readonly target: SessionTarget,
    private readonly client: WorkerClient,
  ) {
    this.key = sessionKey(target.file, target.exportName);
    client.onEvent((event) => this.receive(event));
    this.outcome = client.outcome.then((outcome) => {
      this.finished = true;
      return outcome;
    });
  }

  static train(target: SessionTarget, settings: WorkerSettings & { epochs?: number }, clientOptions: ClientOptions = {}): TrainingSession {
    const client = WorkerClient.train({ file: target.file, model: target.exportName, workspace: target.workspace, ...settings }, clientOptions);
    return new TrainingSession("train", target, client);
  }

  static evaluate(target: SessionTarget, runDir: string, settings: WorkerSettings, clientOptions: ClientOptions = {}): TrainingSession {
    const client = WorkerClient.evaluate({ runDir, ...settings }, clientOptions);
    return new TrainingSession("evaluate", target, client);
  }

  /** The run folder this training will have once finished; undefined before `started`. */
  get runDir(): string | undefined {
    return this.started?.runDir;
  }

  get isRunning(): boolean {
    return !this.finished;
  }

  /** Every event so far, in order (batch events thinned on very long runs). */
  replay(): readonly WorkerEvent[] {
    return this.events;
  }

  /** Records a message on its way to the panel, so `delivered()` can wait for it. */
  noteDelivery(delivery: Promise<unknown>): void {
    this.deliveries = Promise.all([this.deliveries, delivery.catch(() => undefined)]);
  }

  /** Resolves once every message handed to the panel so far has arrived (or failed to). */
  delivered(): Promise<void> {
    return this.deliveries.then(() => undefined);
  }

  onEvent(listener: (event: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops after the current batch; the client kills the worker if it does not stop in time. */
  stop(): void {
    this.client.stop();
  }

  kill(reason?: string): void {
    this.client.kill(reason);
  }

  private receive(event: WorkerEvent): void {
    if (event.type === "started") this.started = event;
    if (event.type === "batch") {
      this.batchEvents++;
      if (this.batchEvents > MAX_BATCH_EVENTS) this.thinBatches();
    }
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  private thinBatches(): void {
    let seen = 0;
    const kept = this.events.filter((event) => event.type !== "batch" || seen++ % 2 === 0);
    this.events.length = 0;
    this.events.push(...kept);
    this.batchEvents = kept.filter((event) => event.type === "batch").length;
  }
}

export function sessionKey(file: string, exportName: string): string {
  return `${path.resolve(file)}#${exportName}`;
}
