// The training worker: a child process that runs one job (train or evaluate) sent over IPC by
// its client (src/train/client.ts), reports every step as a typed event, and exits. Training
// lives here, never in the editor or the CLI process, so that it can be stopped, or killed
// outright, without losing anything else.

import { isWorkerRequest, type WorkerEvent } from "../protocol/worker";
import type { SessionIO } from "./job";
import { failRun, type RunPaths } from "./runs";
import { runEvaluate, runTrain } from "./session";

function main(): void {
  const send = process.send?.bind(process);
  if (send === undefined) {
    process.stderr.write("nn-studio worker: start this file through its client (child_process.fork with IPC), not directly.\n");
    process.exit(2);
  }

  let stop = false;
  let busy = false;
  // Resolves once the latest event has been written to the channel: exiting before that would
  // lose the job's final event.
  let sent: Promise<void> = Promise.resolve();
  // The run being written, from its `started` event to its final event: if the job dies in
  // between, it is marked failed rather than left half-written.
  let run: RunPaths | undefined;
  const io: SessionIO = {
    emit: (event: WorkerEvent) => {
      if (event.type === "started") run = { staging: event.stagingDir, final: event.runDir };
      if (event.type === "done" || event.type === "error") run = undefined;
      if (!process.connected) return;
      sent = new Promise((resolve) => send(event, undefined, {}, () => resolve()));
    },
    stopRequested: () => stop,
  };
  const abandonRun = (reason: string): string | undefined => {
    if (run === undefined) return undefined;
    const final = run.final;
    try {
      failRun(run, reason);
    } catch {
      // The folder is already gone or unwritable; the client reports the failure either way.
    }
    run = undefined;
    return final;
  };

  const finish = (code: number) => {
    void sent.then(() => process.exit(code));
  };

  const crash = (error: unknown) => {
    const message = `the training worker crashed: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`;
    const runDir = abandonRun(message);
    io.emit({ type: "error", message, ...(runDir === undefined ? {} : { runDir }) });
    if (process.env.NN_STUDIO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    finish(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  // The client is gone (closed editor, killed CLI): nobody is left to report to.
  process.on("disconnect", () => {
    abandonRun("the client went away before training finished.");
    process.exit(0);
  });

  process.on("message", (message: unknown) => {
    if (!isWorkerRequest(message)) {
      io.emit({ type: "error", message: "the training worker received a malformed request." });
      return;
    }
    switch (message.type) {
      case "stop":
        stop = true;
        return;
      case "train":
      case "evaluate": {
        if (busy) {
          io.emit({ type: "error", message: "the training worker runs one job at a time; start another worker." });
          return;
        }
        busy = true;
        const job = message.type === "train" ? runTrain(message, io) : runEvaluate(message, io);
        job.then(() => finish(0), crash);
        return;
      }
    }
  });
}

main();
