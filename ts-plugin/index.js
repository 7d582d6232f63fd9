// @ts-check
// NN Studio's TypeScript server plugin. VS Code's TypeScript support loads it (package.json
// "contributes.typescriptServerPlugins") into tsserver, where it makes `import … from
// "nn-studio"` resolve to the model language's declarations (types/nn-studio.d.ts in the
// extension) when the workspace has no `nn-studio` package of its own. So completions inside
// `conv2d({ | })` list the options with their docs, and TypeScript reports no "Cannot find module"
// in any folder, without `npm install`.
//
// Plain CommonJS on purpose: tsserver requires this file directly from the extension's
// node_modules, before and apart from the extension's own bundle.

"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- tsserver loads plugins as CommonJS. */

const fs = require("fs");
const path = require("path");

const MODULE_NAME = "nn-studio";

/**
 * Where the declarations are: beside this folder in a development checkout (`ts-plugin/` and
 * `types/` in the repository), or two levels up once installed as a dependency of the packaged
 * extension (`node_modules/nn-studio-ts-plugin/`).
 * @returns {string | undefined}
 */
function findDeclarations() {
  for (const candidate of [
    path.resolve(__dirname, "..", "types", "nn-studio.d.ts"),
    path.resolve(__dirname, "..", "..", "types", "nn-studio.d.ts"),
  ]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** @param {{ typescript: typeof import("typescript/lib/tsserverlibrary") }} modules */
function init(modules) {
  const ts = modules.typescript;
  let declarations = findDeclarations();

  /**
   * The resolution tsserver gets for "nn-studio" when its own lookup found nothing.
   * @returns {import("typescript").ResolvedModuleFull | undefined}
   */
  function nnStudioModule() {
    if (declarations === undefined) return undefined;
    return {
      resolvedFileName: declarations,
      extension: ts.Extension.Dts,
      // An external library: its own errors are never reported in the user's project.
      isExternalLibraryImport: true,
      resolvedUsingTsExtension: false,
    };
  }

  /** @param {import("typescript/lib/tsserverlibrary").server.PluginCreateInfo} info */
  function create(info) {
    const host = info.languageServiceHost;
    const logger = info.project.projectService.logger;
    logger.info(`[nn-studio] plugin active; "${MODULE_NAME}" resolves to ${declarations ?? "(declarations not found)"}`);

    // TypeScript 5 and later resolve through resolveModuleNameLiterals.
    const resolveLiterals = host.resolveModuleNameLiterals?.bind(host);
    if (resolveLiterals !== undefined) {
      host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, options, containingSourceFile, reusedNames) => {
        const results = resolveLiterals(literals, containingFile, redirectedReference, options, containingSourceFile, reusedNames);
        return results.map((result, index) => {
          if (literals[index].text !== MODULE_NAME || result.resolvedModule !== undefined) return result;
          const resolvedModule = nnStudioModule();
          return resolvedModule === undefined ? result : { ...result, resolvedModule };
        });
      };
    }

    // Older TypeScript versions (a workspace may pick its own) resolve through resolveModuleNames.
    const resolveNames = host.resolveModuleNames?.bind(host);
    if (resolveNames !== undefined) {
      host.resolveModuleNames = (moduleNames, containingFile, reusedNames, redirectedReference, options, containingSourceFile) => {
        const results = resolveNames(moduleNames, containingFile, reusedNames, redirectedReference, options, containingSourceFile);
        return results.map((result, index) => (moduleNames[index] === MODULE_NAME && result === undefined ? nnStudioModule() : result));
      };
    }
    return info.languageService;
  }

  return {
    create,
    /**
     * The extension may point the plugin at another declarations file (configurePlugin).
     * @param {{ declarations?: unknown }} config
     */
    onConfigurationChanged(config) {
      if (typeof config.declarations === "string" && fs.existsSync(config.declarations)) declarations = config.declarations;
    },
  };
}

module.exports = init;
