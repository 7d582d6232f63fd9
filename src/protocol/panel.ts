// Messages between the training panel's controller (src/extension/training/) and its webview
// (webview/training/). Both sides import these types. The extension validates everything the
// webview sends with the guards below before acting on it (a webview is untrusted content), and
// the webview checks the tag and the fields it reads of everything the extension sends.
//
// Live training is forwarded as the worker's own events (src/protocol/worker.ts), unchanged, so
// the panel draws exactly what the worker reported and a recorded stream of real events can
// drive it in tests. A finished run is sent as a RunSnapshot read back from its run folder.

import type { Backend, Evaluation, Logs, RunStatus, SampleCounts, StopReason, WorkerDiagnostic, WorkerEvent } from "./worker";

// ---------------------------------------------------------------------------------------------
// Runs as read from their folders.

/** What the run header shows; the `started` event carries the same facts for a live run. */
export interface RunHeader {
  file: string;
  model: string;
  backend: Backend | null;
  /** The wasm backend's thread count, when recorded. */
  threads?: number;
  data: string;
  parameters: { total: number; trainable: number; nonTrainable: number } | null;
  samples: SampleCounts | null;
  epochs: number;
  batchSize: number | null;
  seed: number | null;
}

/** One line of the runs list. */
export interface RunSummary {
  runDir: string;
  /** The folder's name (its start time), which is how the user tells runs apart. */
  name: string;
  model: string;
  status: RunStatus;
  /** Epochs trained. */
  epochs: number;
  backend: Backend | null;
  /** ISO time the run started, when recorded. */
  startedAt: string | null;
  /** Loss and metrics on the test split; null until the run completed. */
  test: Logs | null;
}

/** Per-epoch logs, one entry per epoch trained, in order. */
export type EpochHistory = Logs[];

/** A run rebuilt from its folder: what a reloaded panel needs to redraw it. */
export interface RunSnapshot {
  runDir: string;
  status: RunStatus;
  stopReason?: StopReason;
  header: RunHeader;
  history: EpochHistory;
  test: Logs | null;
  evaluation: Evaluation | null;
  /** Why a failed run failed, when known. */
  error: string | null;
}

// ---------------------------------------------------------------------------------------------
// Extension → webview.

/** An event of the run the panel follows, exactly as the worker sent it. */
export interface WorkerEventMessage {
  type: "worker";
  event: WorkerEvent;
}

/** Show this run (a finished one, or a live one up to now, whose events then follow). */
export interface RunMessage {
  type: "run";
  run: RunSnapshot;
  /** True while the run is still training: the Stop button is live. */
  live: boolean;
}

/** The runs of the model the panel shows, newest first. */
export interface RunsMessage {
  type: "runs";
  model: string;
  file: string;
  runs: RunSummary[];
}

/** The epoch history of a run the user ticked, for the overlay. */
export interface HistoryMessage {
  type: "history";
  runDir: string;
  history: EpochHistory;
}

/** A run folder was deleted (or vanished): the list and the overlay drop it. */
export interface RunRemovedMessage {
  type: "runRemoved";
  runDir: string;
}

/**
 * Why the panel can't train right now: an untrusted workspace, a model with errors. `null`
 * clears it. Diagnostics are the model's errors, 1-based, as the worker reports them.
 */
export interface NoticeMessage {
  type: "notice";
  notice: { kind: "restricted" | "refused" | "info"; message: string; diagnostics?: WorkerDiagnostic[] } | null;
}

export const PANEL_TABS = ["training", "evaluation", "runs"] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

/** Bring one of the panel's tabs to the front (Show Runs, Evaluate). */
export interface FocusMessage {
  type: "focus";
  tab: PanelTab;
}

export type ExtensionToPanelMessage = WorkerEventMessage | RunMessage | RunsMessage | HistoryMessage | RunRemovedMessage | NoticeMessage | FocusMessage;

// ---------------------------------------------------------------------------------------------
// Webview → extension.

/** What the webview keeps with `setState` so that a reloaded panel knows what it showed. */
export interface PanelState {
  /** The run shown, or null. */
  runDir: string | null;
  /** The model whose runs are listed: its file and name. */
  file: string | null;
  model: string | null;
  /** Runs ticked for the overlay. */
  overlay: string[];
}

/** The webview loaded (or reloaded) and listens; it passes the state it had, if any. */
export interface ReadyMessage {
  type: "ready";
  state: PanelState | null;
}

/** Stop the live run after its current batch. */
export interface StopMessage {
  type: "stop";
  runDir: string;
}

/** Reveal a run folder in the OS file manager. */
export interface OpenFolderMessage {
  type: "openFolder";
  runDir: string;
}

/** Delete a run folder (the extension asks the user to confirm). */
export interface DeleteRunMessage {
  type: "deleteRun";
  runDir: string;
}

/** Send a run's epoch history for the overlay. */
export interface OverlayMessage {
  type: "overlay";
  runDir: string;
}

/** Show an earlier run: its curves, test metrics and evaluation. */
export interface ShowRunMessage {
  type: "showRun";
  runDir: string;
}

/** Evaluate a run's saved model again on the test split. */
export interface EvaluateMessage {
  type: "evaluate";
  runDir: string;
}

/** The persisted state changed (a run ticked, another shown): the extension remembers it. */
export interface StateMessage {
  type: "state";
  state: PanelState;
}

export type PanelToExtensionMessage =
  | ReadyMessage
  | StopMessage
  | OpenFolderMessage
  | DeleteRunMessage
  | OverlayMessage
  | ShowRunMessage
  | EvaluateMessage
  | StateMessage;

// ---------------------------------------------------------------------------------------------
// Guards.

/** The longest path the panel may name; anything longer is not one of ours. */
const MAX_PATH = 4096;
/** The most runs an overlay may tick; the list never shows more than this many. */
export const MAX_OVERLAY = 50;

/**
 * Checks every field the controller reads. A run folder named by the webview is only a claim:
 * the controller acts on it only when it is one of the runs it listed itself.
 */
export function isPanelToExtensionMessage(value: unknown): value is PanelToExtensionMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "ready":
      return hasOnly(value, ["type", "state"]) && (value.state === null || isPanelState(value.state));
    case "state":
      return hasOnly(value, ["type", "state"]) && isPanelState(value.state);
    case "stop":
    case "openFolder":
    case "deleteRun":
    case "overlay":
    case "showRun":
    case "evaluate":
      return hasOnly(value, ["type", "runDir"]) && isPath(value.runDir);
    default:
      return false;
  }
}

export function isPanelState(value: unknown): value is PanelState {
  return (
    isRecord(value) &&
    hasOnly(value, ["runDir", "file", "model", "overlay"]) &&
    (value.runDir === null || isPath(value.runDir)) &&
    (value.file === null || isPath(value.file)) &&
    (value.model === null || (typeof value.model === "string" && value.model.length <= MAX_PATH)) &&
    Array.isArray(value.overlay) &&
    value.overlay.length <= MAX_OVERLAY &&
    value.overlay.every(isPath)
  );
}

const EXTENSION_MESSAGE_TYPES: ReadonlySet<string> = new Set<ExtensionToPanelMessage["type"]>([
  "worker",
  "run",
  "runs",
  "history",
  "runRemoved",
  "notice",
  "focus",
]);

/**
 * The webview's check of what the extension sends: the tag, and the containers it walks. The
 * extension is trusted code, so this guards against version skew, not against an attacker.
 */
export function isExtensionToPanelMessage(value: unknown): value is ExtensionToPanelMessage {
  if (!isRecord(value) || typeof value.type !== "string" || !EXTENSION_MESSAGE_TYPES.has(value.type)) return false;
  switch (value.type as ExtensionToPanelMessage["type"]) {
    case "worker":
      return isRecord(value.event) && typeof value.event.type === "string";
    case "run":
      return isRecord(value.run) && typeof value.run.runDir === "string" && Array.isArray(value.run.history) && isRecord(value.run.header);
    case "runs":
      return typeof value.model === "string" && typeof value.file === "string" && Array.isArray(value.runs);
    case "history":
      return typeof value.runDir === "string" && Array.isArray(value.history);
    case "runRemoved":
      return typeof value.runDir === "string";
    case "notice":
      return value.notice === null || (isRecord(value.notice) && typeof value.notice.message === "string");
    case "focus":
      return typeof value.tab === "string" && (PANEL_TABS as readonly string[]).includes(value.tab);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPath(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_PATH && !value.includes("\0");
}

/** Extra fields are refused: a message that carries more than its type says is not ours. */
function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}
