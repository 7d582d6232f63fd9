// The panel protocol's guards: the extension acts on a webview message only when it has exactly
// the shape its type says, and the webview draws only what the extension sends in known shapes.

import * as assert from "assert";
import { isExtensionToPanelMessage, isPanelToExtensionMessage, MAX_OVERLAY } from "../../src/protocol/panel";

const RUN = "/w/.nn-studio/runs/spiral/2026-11-25T04-36-51-780Z";
const STATE = { runDir: RUN, file: "/w/spiral.nn.ts", model: "spiral", overlay: [RUN] };

describe("training panel protocol: webview → extension", () => {
  const rows: { name: string; message: unknown; valid: boolean }[] = [
    { name: "ready without state", message: { type: "ready", state: null }, valid: true },
    { name: "ready with state", message: { type: "ready", state: STATE }, valid: true },
    { name: "ready with an empty state", message: { type: "ready", state: { runDir: null, file: null, model: null, overlay: [] } }, valid: true },
    { name: "ready without the state field", message: { type: "ready" }, valid: false },
    { name: "state", message: { type: "state", state: STATE }, valid: true },
    { name: "state with a non-string overlay entry", message: { type: "state", state: { ...STATE, overlay: [1] } }, valid: false },
    { name: "state with too many overlays", message: { type: "state", state: { ...STATE, overlay: new Array(MAX_OVERLAY + 1).fill(RUN) } }, valid: false },
    { name: "state with an extra field", message: { type: "state", state: { ...STATE, script: "x" } }, valid: false },
    { name: "stop", message: { type: "stop", runDir: RUN }, valid: true },
    { name: "openFolder", message: { type: "openFolder", runDir: RUN }, valid: true },
    { name: "deleteRun", message: { type: "deleteRun", runDir: RUN }, valid: true },
    { name: "overlay", message: { type: "overlay", runDir: RUN }, valid: true },
    { name: "showRun", message: { type: "showRun", runDir: RUN }, valid: true },
    { name: "evaluate", message: { type: "evaluate", runDir: RUN }, valid: true },
    { name: "deleteRun without a folder", message: { type: "deleteRun" }, valid: false },
    { name: "deleteRun with an empty folder", message: { type: "deleteRun", runDir: "" }, valid: false },
    { name: "deleteRun with a NUL in the path", message: { type: "deleteRun", runDir: "/w/\0/x" }, valid: false },
    { name: "deleteRun with a path too long", message: { type: "deleteRun", runDir: "/" + "a".repeat(5000) }, valid: false },
    { name: "deleteRun with a number", message: { type: "deleteRun", runDir: 7 }, valid: false },
    { name: "stop with an extra field", message: { type: "stop", runDir: RUN, force: true }, valid: false },
    { name: "an unknown type", message: { type: "train", file: "/w/spiral.nn.ts" }, valid: false },
    { name: "no type", message: { runDir: RUN }, valid: false },
    { name: "an array", message: [{ type: "stop", runDir: RUN }], valid: false },
    { name: "null", message: null, valid: false },
    { name: "a string", message: "stop", valid: false },
  ];
  for (const row of rows) {
    it(`${row.valid ? "accepts" : "refuses"} ${row.name}`, () => {
      assert.strictEqual(isPanelToExtensionMessage(row.message), row.valid);
    });
  }
});

describe("training panel protocol: extension → webview", () => {
  const rows: { name: string; message: unknown; valid: boolean }[] = [
    { name: "a worker event", message: { type: "worker", event: { type: "log", level: "info", message: "x" } }, valid: true },
    { name: "a worker message without event", message: { type: "worker" }, valid: false },
    { name: "runs", message: { type: "runs", model: "spiral", file: "/w/spiral.nn.ts", runs: [] }, valid: true },
    { name: "runs without a list", message: { type: "runs", model: "spiral", file: "/w/spiral.nn.ts" }, valid: false },
    { name: "history", message: { type: "history", runDir: RUN, history: [{ loss: 1 }] }, valid: true },
    { name: "runRemoved", message: { type: "runRemoved", runDir: RUN }, valid: true },
    { name: "a notice", message: { type: "notice", notice: { kind: "restricted", message: "trust" } }, valid: true },
    { name: "no notice", message: { type: "notice", notice: null }, valid: true },
    { name: "focus on a known tab", message: { type: "focus", tab: "runs" }, valid: true },
    { name: "focus on an unknown tab", message: { type: "focus", tab: "settings" }, valid: false },
    { name: "a run without history", message: { type: "run", live: false, run: { runDir: RUN, header: {} } }, valid: false },
    { name: "an unknown type", message: { type: "eval", code: "x" }, valid: false },
  ];
  for (const row of rows) {
    it(`${row.valid ? "accepts" : "refuses"} ${row.name}`, () => {
      assert.strictEqual(isExtensionToPanelMessage(row.message), row.valid);
    });
  }
});
