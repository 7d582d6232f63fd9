// The file's imports: which local names stand for which "nn-studio" exports (named, renamed,
// namespace), what other modules it imports from, `nn/unknown-name` for names the module doesn't
// export, and the edits that make an export available to a quick fix.

import ts from "typescript";
import { ALL_EXPORTS } from "../exports";
import { closest } from "../suggest";
import type { Diagnostic, Fix, TextEdit } from "../types";
import type { ScanResult } from "./scan";
import { collectNames } from "./scan";
import { spanOf } from "./syntax";

// TypeScript's module object exposes its members through getters; the ones used on hot paths
// are read once here.
const { isClassDeclaration, isEnumDeclaration, isExternalModuleReference, isFunctionDeclaration, isImportDeclaration, isImportEqualsDeclaration, isNamedImports, isNamespaceImport, isStringLiteral, isVariableStatement } = ts;

export const MODULE_NAME = "nn-studio";

export interface ImportInfo {
  /** How to refer to `exportName` in this file (`flatten`, `nn.flatten`, the renamed local), or undefined. */
  referenceTo(exportName: string): string | undefined;
  /**
   * The reference to use plus the edits that make it available (none when already imported;
   * otherwise add it to the existing named import list, or add an import line).
   */
  ensureImported(exportName: string): { reference: string; edits: TextEdit[] };
}

export interface NamedImport {
  local: string;
  /** The name "nn-studio" is asked for (`conv2d` in `conv2d as c2d`). */
  exportName: string;
  /** Where that name is written, for the diagnostic and its fix. */
  exportNameNode: ts.ModuleExportName;
  /** True when written without `as`, so renaming the import renames the local too. */
  sameName: boolean;
  typeOnly: boolean;
}

export interface ImportTable {
  named: NamedImport[];
  /** Locals of `import * as nn from "nn-studio"` (and `import nn = require("nn-studio")`). */
  namespaces: string[];
  /** `import nn from "nn-studio"`: the module has no default export. */
  defaults: { local: ts.Identifier; clause: ts.ImportClause }[];
  /** Local name → module, for imports from any other module. */
  foreign: Map<string, string>;
  /** Declarations importing from "nn-studio", in order. */
  declarations: ts.ImportDeclaration[];
  /** The last import statement of any module: a new import line goes after it. */
  lastImport: ts.Statement | undefined;
}

export function readImports(sourceFile: ts.SourceFile): ImportTable {
  const table: ImportTable = { named: [], namespaces: [], defaults: [], foreign: new Map(), declarations: [], lastImport: undefined };
  for (const statement of sourceFile.statements) {
    if (isImportEqualsDeclaration(statement)) {
      table.lastImport = statement;
      const reference = statement.moduleReference;
      if (isExternalModuleReference(reference) && isStringLiteral(reference.expression)) {
        if (reference.expression.text === MODULE_NAME) table.namespaces.push(statement.name.text);
        else table.foreign.set(statement.name.text, reference.expression.text);
      }
      continue;
    }
    if (!isImportDeclaration(statement)) continue;
    table.lastImport = statement;
    const clause = statement.importClause;
    if (clause === undefined || !isStringLiteral(statement.moduleSpecifier)) continue;
    const moduleName = statement.moduleSpecifier.text;
    if (moduleName !== MODULE_NAME) {
      if (clause.isTypeOnly) continue;
      const locals = new Set<string>();
      if (clause.name !== undefined) locals.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings !== undefined && isNamespaceImport(bindings)) locals.add(bindings.name.text);
      if (bindings !== undefined && isNamedImports(bindings)) {
        for (const element of bindings.elements) if (!element.isTypeOnly) locals.add(element.name.text);
      }
      for (const local of locals) table.foreign.set(local, moduleName);
      continue;
    }
    table.declarations.push(statement);
    if (clause.name !== undefined && !clause.isTypeOnly) table.defaults.push({ local: clause.name, clause });
    const bindings = clause.namedBindings;
    if (bindings === undefined) continue;
    if (isNamespaceImport(bindings)) {
      if (!clause.isTypeOnly) table.namespaces.push(bindings.name.text);
      continue;
    }
    for (const element of bindings.elements) {
      const exportNameNode = element.propertyName ?? element.name;
      table.named.push({
        local: element.name.text,
        exportName: exportNameNode.text,
        exportNameNode,
        sameName: element.propertyName === undefined,
        typeOnly: clause.isTypeOnly || element.isTypeOnly,
      });
    }
  }
  return table;
}

/**
 * `nn/unknown-name` for every named import and namespace member "nn-studio" does not export.
 * A named import used only in type positions is taken to be one of the declaration file's types
 * (`import { Layer } from "nn-studio"`), which the tools don't list, so it is not reported.
 */
export function importDiagnostics(table: ImportTable, scan: ScanResult, sourceFile: ts.SourceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const named of table.named) {
    if (named.typeOnly || ALL_EXPORTS.has(named.exportName)) continue;
    const usage = scan.usage.get(named.local);
    if (usage !== undefined && usage.types > 0 && usage.values.length === 0) continue;
    const suggestion = closest(named.exportName, ALL_EXPORTS);
    const fixes: Fix[] = [];
    if (suggestion !== undefined) {
      const edits: TextEdit[] = [{ span: spanOf(named.exportNameNode, sourceFile), text: suggestion }];
      if (named.sameName) for (const use of usage?.values ?? []) edits.push({ span: spanOf(use, sourceFile), text: suggestion });
      fixes.push({ title: `Import '${suggestion}' instead`, edits });
    }
    diagnostics.push({
      code: "nn/unknown-name",
      severity: "error",
      message:
        `"${MODULE_NAME}" has no export named '${named.exportName}'.` +
        (suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ` It exports model, input, repeat, the layers, the data functions and the optimizers.`),
      span: spanOf(named.exportNameNode, sourceFile),
      fixes,
    });
  }
  for (const access of scan.unknownMembers) {
    const member = access.name.text;
    const suggestion = closest(member, ALL_EXPORTS);
    const span = spanOf(access.name, sourceFile);
    diagnostics.push({
      code: "nn/unknown-name",
      severity: "error",
      message:
        `"${MODULE_NAME}" has no export named '${member}'.` + (suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ""),
      span,
      fixes: suggestion !== undefined ? [{ title: `Use '${suggestion}'`, edits: [{ span, text: suggestion }] }] : [],
    });
  }
  for (const { local, clause } of table.defaults) {
    const onlyDefault = clause.namedBindings === undefined;
    const span = spanOf(local, sourceFile);
    diagnostics.push({
      code: "nn/unknown-name",
      severity: "error",
      message: `"${MODULE_NAME}" has no default export. Import the module as a namespace: import * as ${local.text} from "${MODULE_NAME}".`,
      span,
      fixes: onlyDefault ? [{ title: `Use import * as ${local.text}`, edits: [{ span, text: `* as ${local.text}` }] }] : [],
    });
  }
  return diagnostics;
}

/** Names declared at the top level of the file: a new import must not collide with them. */
function topLevelNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) collectNames(declaration.name, names);
    } else if (
      (isFunctionDeclaration(statement) || isClassDeclaration(statement) || isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    } else if (isImportEqualsDeclaration(statement)) {
      names.add(statement.name.text);
    } else if (isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      if (clause.name !== undefined) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings !== undefined && isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings !== undefined && isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    }
  }
  return names;
}

export class FileImports implements ImportInfo {
  private taken: Set<string> | undefined;

  constructor(
    private readonly text: string,
    private readonly sourceFile: ts.SourceFile | null,
    private readonly table: ImportTable,
  ) {}

  referenceTo(exportName: string): string | undefined {
    for (const named of this.table.named) {
      if (!named.typeOnly && named.exportName === exportName) return named.local;
    }
    const namespace = this.table.namespaces[0];
    return namespace === undefined ? undefined : `${namespace}.${exportName}`;
  }

  ensureImported(exportName: string): { reference: string; edits: TextEdit[] } {
    const existing = this.referenceTo(exportName);
    if (existing !== undefined) return { reference: existing, edits: [] };
    const local = this.freeLocalName(exportName);
    const specifier = local === exportName ? exportName : `${exportName} as ${local}`;
    return { reference: local, edits: [this.importEdit(specifier)] };
  }

  /** `exportName` itself, unless the file already uses that name for something else. */
  private freeLocalName(exportName: string): string {
    if (this.sourceFile === null) return exportName;
    this.taken ??= topLevelNames(this.sourceFile);
    if (!this.taken.has(exportName)) return exportName;
    const base = `nn${exportName[0].toUpperCase()}${exportName.slice(1)}`;
    let candidate = base;
    for (let i = 2; this.taken.has(candidate); i++) candidate = `${base}${i}`;
    return candidate;
  }

  private importEdit(specifier: string): TextEdit {
    const sourceFile = this.sourceFile;
    const text = this.text;
    for (const declaration of this.table.declarations) {
      const clause = declaration.importClause;
      const bindings = clause?.namedBindings;
      if (clause === undefined || clause.isTypeOnly || bindings === undefined || !isNamedImports(bindings) || sourceFile === null) continue;
      const elements = bindings.elements;
      if (elements.length === 0) {
        return { span: spanOf(bindings, sourceFile), text: `{ ${specifier} }` };
      }
      const last = elements[elements.length - 1];
      const multiline = text.slice(bindings.getStart(sourceFile), last.getStart(sourceFile)).includes("\n");
      const lineStart = text.lastIndexOf("\n", last.getStart(sourceFile) - 1) + 1;
      const indent = text.slice(lineStart, last.getStart(sourceFile)).match(/^\s*/)?.[0] ?? "";
      if (elements.hasTrailingComma) {
        const comma = text.indexOf(",", last.end) + 1;
        return { span: { start: comma, end: comma }, text: multiline ? `\n${indent}${specifier},` : ` ${specifier},` };
      }
      return { span: { start: last.end, end: last.end }, text: multiline ? `,\n${indent}${specifier}` : `, ${specifier}` };
    }
    const quote = this.quote();
    const line = `import { ${specifier} } from ${quote}${MODULE_NAME}${quote};`;
    const after = this.table.lastImport;
    if (after !== undefined) return { span: { start: after.end, end: after.end }, text: `\n${line}` };
    const first = sourceFile?.statements[0];
    const at = first !== undefined && sourceFile !== null ? first.getStart(sourceFile) : 0;
    return { span: { start: at, end: at }, text: `${line}\n` };
  }

  /** The quote the file's "nn-studio" import uses, so the added line looks like its neighbours. */
  private quote(): string {
    const declaration = this.table.declarations[0] ?? this.table.lastImport;
    if (declaration !== undefined && this.sourceFile !== null && isImportDeclaration(declaration)) {
      const first = this.text[declaration.moduleSpecifier.getStart(this.sourceFile)];
      if (first === "'") return "'";
    }
    return '"';
  }
}
