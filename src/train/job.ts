// What every training job shares: its connection to the client, the error a user can act on,
// and the bookkeeping that frees everything a job allocated, whatever happens.

import type * as tfjs from "@tensorflow/tfjs";
import type { WorkerDiagnostic, WorkerEvent } from "../protocol/worker";

export interface SessionIO {
  emit(event: WorkerEvent): void;
  /** True once the client has asked the job to stop. */
  stopRequested(): boolean;
}

/** A problem the user can act on, reported as one line (and the model's diagnostics). */
export class JobError extends Error {
  constructor(
    message: string,
    readonly diagnostics?: WorkerDiagnostic[],
  ) {
    super(message);
  }
}

/** Everything a job allocates, released whatever happens. */
export class Resources {
  tensors: tfjs.Tensor[] = [];
  models: tfjs.LayersModel[] = [];
  optimizer: tfjs.Optimizer | undefined;
  restoreRandom: (() => void) | undefined;

  dispose(): void {
    for (const model of this.models) model.dispose();
    this.optimizer?.dispose();
    for (const tensor of this.tensors) tensor.dispose();
    this.models = [];
    this.tensors = [];
    this.optimizer = undefined;
    this.restoreRandom?.();
    this.restoreRandom = undefined;
  }
}
