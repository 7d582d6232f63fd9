// The static evaluator (DSL.md §2): computes the value of every expression a model is built from,
// straight from the syntax tree, without running the file. Whatever lies outside the subset is
// reported once as `nn/not-static` at that expression and becomes UNKNOWN, which then flows
// through every operation silently. Work is bounded by LIMITS, so no input can hang or crash it.

import ts from "typescript";
import { ALL_EXPORTS } from "../exports";
import { didYouMean } from "../suggest";
import { type ArrayValue, type CallValue, type Fix, type FunctionValue, type Located, type ObjectValue, type Property, type Span, UNKNOWN, type Value } from "../types";
import type { ImportInfo, ImportTable } from "./imports";
import { applyBinary, applyUnary, checkString, isArithmeticOperator, isUnaryOperator } from "./operators";
import type { Reporter } from "./report";
import type { MutationSite } from "./scan";
import { Scope } from "./scope";
import { spanOf } from "./syntax";
import * as values from "./values";

// TypeScript's module object, and imported modules under the test runner's loader, expose their
// members through getters; the ones used on hot paths are read once here.
const { SyntaxKind, NodeFlags, isAsExpression, isBindingElement, isBlock, isCallExpression, isClassDeclaration, isElementAccessExpression, isEnumDeclaration, isExportDeclaration, isExpressionStatement, isExpressionWithTypeArguments, isFunctionDeclaration, isFunctionExpression, isIdentifier, isNamedExports, isNonNullExpression, isObjectBindingPattern, isParenthesizedExpression, isPropertyAccessExpression, isSatisfiesExpression, isSpreadElement, isTypeAssertionExpression, isVariableStatement } = ts;
const { Closure, MathFunction, NnFunction, LIMITS, describeValue, isArrayValue, isFunctionValue, isMathFunctionName, isObjectValue, isPrimitive, isTruthy } = values;
const { stepBudget: STEP_BUDGET, maxNesting: MAX_NESTING } = LIMITS;

/** A value the module exports, by the name it is exported under ("default" or the const's name). */
export interface ModuleExport {
  exportName: string;
  value: Value;
}

export interface ModuleEvaluation {
  exports: ModuleExport[];
  /** The module scope after evaluation: every top-level const, function and import. */
  scope: Scope;
}

/**
 * Values holding at most this many values are not recorded in the size table: their size is
 * recounted when needed, which visits at most this many values and spares a table entry per layer.
 */
const SMALL_VALUE = 16;

const ARRAY_METHODS = new Set(["map", "flatMap", "concat", "slice"]);
const SUBSET_HINT = "Use literals, consts, functions declared in this file, .map/.flatMap/.concat/.slice or repeat(n, (i) => …) instead.";

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

function isConstList(list: ts.VariableDeclarationList): boolean {
  return (list.flags & NodeFlags.Const) !== 0;
}

/** Type syntax and grouping around an expression that don't change its value. */
function skipTransparent(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    isParenthesizedExpression(current) ||
    isAsExpression(current) ||
    isSatisfiesExpression(current) ||
    isNonNullExpression(current) ||
    isTypeAssertionExpression(current) ||
    isExpressionWithTypeArguments(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** `a` in `a.b(c).d[0]`: the name a chain of member accesses and calls starts from. */
function chainRoot(node: ts.Expression): ts.Identifier | undefined {
  let current = node;
  for (;;) {
    current = skipTransparent(current);
    if (isIdentifier(current)) return current;
    if (isPropertyAccessExpression(current) || isElementAccessExpression(current) || isCallExpression(current)) {
      current = current.expression;
    } else {
      return undefined;
    }
  }
}

const GLOBAL_VALUES: ReadonlyMap<string, Value> = new Map<string, Value>([
  ["undefined", undefined],
  ["NaN", NaN],
  ["Infinity", Infinity],
]);

export class Evaluator {
  private steps = 0;
  private exhausted = false;
  private nesting = 0;
  private callDepth = 0;
  /** The outermost call of a function, `repeat` or `.map` being evaluated: where a blown step budget is reported. */
  private outermostCall: ts.Node | undefined;
  /** Nested value counts of the arrays, objects and calls made, to bound what a value can hold. */
  private readonly sizes = new WeakMap<object, number>();
  /** Array items standing for a spread of unknown length (`[...unknown]`): the array's length is unknown. */
  readonly unknownSpreads = new Set<Located>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly reporter: Reporter,
    private readonly mutated: ReadonlySet<string>,
    private readonly imports: ImportInfo,
    /** Start offsets of the parser's errors, in order. */
    private readonly syntaxErrors: readonly number[] = [],
  ) {}

  // -------------------------------------------------------------------------------------------
  // The module.

  evaluateModule(table: ImportTable): ModuleEvaluation {
    const scope = new Scope(null);
    this.bindImports(table, scope);
    const statements = this.sourceFile.statements;
    for (const statement of statements) this.hoist(statement, scope, true);

    const exports: ModuleExport[] = [];
    for (const statement of statements) {
      if (this.exhausted) break;
      this.moduleStatement(statement, scope, exports);
    }
    // `export { m as X }` names live bindings, so they are read once every statement has run.
    for (const statement of statements) {
      if (!isExportDeclaration(statement) || statement.moduleSpecifier !== undefined || statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (clause === undefined || !isNamedExports(clause)) continue;
      for (const specifier of clause.elements) {
        if (specifier.isTypeOnly) continue;
        const binding = scope.own((specifier.propertyName ?? specifier.name).text);
        if (binding?.kind === "value" && binding.ready && !binding.mutated) exports.push({ exportName: specifier.name.text, value: binding.value });
      }
    }
    return { exports, scope };
  }

  private bindImports(table: ImportTable, scope: Scope): void {
    for (const [local, module] of table.foreign) {
      scope.define(local, {
        kind: "opaque",
        why: `is imported from "${module}"`,
        hint: "Only this file is read (it is never run): define the value here with const.",
      });
    }
    for (const named of table.named) {
      if (named.typeOnly) scope.define(named.local, { kind: "opaque", why: "is imported with `import type`", hint: "A type-only import is not a value." });
      else if (ALL_EXPORTS.has(named.exportName)) scope.define(named.local, { kind: "nn", exportName: named.exportName });
      // Reported at the import (nn/unknown-name); every use is silently unknown.
      else scope.define(named.local, { kind: "reported" });
    }
    for (const local of table.namespaces) scope.define(local, { kind: "namespace" });
    for (const { local } of table.defaults) scope.define(local.text, { kind: "reported" });
  }

  /** Declares what a statement binds before any statement runs, as JavaScript does. */
  private hoist(statement: ts.Statement, scope: Scope, moduleLevel: boolean): void {
    if (isFunctionDeclaration(statement)) {
      if (statement.name !== undefined && statement.body !== undefined) {
        scope.define(statement.name.text, {
          kind: "value",
          value: new Closure(statement.name.text, this.span(statement), statement, scope),
          ready: true,
          mutated: false,
        });
      }
    } else if (isVariableStatement(statement)) {
      const names = new Set<string>();
      for (const declaration of statement.declarationList.declarations) collectBindingNames(declaration.name, names);
      const declared = hasModifier(statement, SyntaxKind.DeclareKeyword);
      const isConst = isConstList(statement.declarationList);
      for (const name of names) {
        if (declared) scope.define(name, { kind: "opaque", why: "is declared without a value (declare)", hint: "Give it a value with const." });
        else if (isConst) scope.define(name, { kind: "value", value: UNKNOWN, ready: false, mutated: this.mutated.has(name) });
        // `let` and `var` are reported at their declaration.
        else scope.define(name, { kind: "reported" });
      }
    } else if (moduleLevel && (isClassDeclaration(statement) || isEnumDeclaration(statement)) && statement.name !== undefined) {
      scope.define(statement.name.text, { kind: "reported" });
    }
  }

  private moduleStatement(statement: ts.Statement, scope: Scope, exports: ModuleExport[]): void {
    switch (statement.kind) {
      case SyntaxKind.ImportDeclaration:
      case SyntaxKind.ImportEqualsDeclaration:
      case SyntaxKind.ExportDeclaration:
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.InterfaceDeclaration:
      case SyntaxKind.TypeAliasDeclaration:
      case SyntaxKind.EmptyStatement:
      case SyntaxKind.MissingDeclaration:
        return;
      case SyntaxKind.ModuleDeclaration:
        if (!hasModifier(statement, SyntaxKind.DeclareKeyword)) this.notStatic(statement, "A namespace");
        return;
      case SyntaxKind.VariableStatement: {
        const variables = statement as ts.VariableStatement;
        if (hasModifier(variables, SyntaxKind.DeclareKeyword)) return;
        if (!isConstList(variables.declarationList)) {
          this.notStatic(variables.declarationList, "A let or var declaration", "Only const bindings are static: use const.");
          return;
        }
        this.constDeclarations(variables.declarationList, scope);
        if (hasModifier(variables, SyntaxKind.ExportKeyword)) {
          for (const declaration of variables.declarationList.declarations) {
            if (!isIdentifier(declaration.name)) continue;
            const binding = scope.own(declaration.name.text);
            if (binding?.kind === "value") exports.push({ exportName: declaration.name.text, value: binding.mutated ? UNKNOWN : binding.value });
          }
        }
        return;
      }
      case SyntaxKind.ExportAssignment: {
        const assignment = statement as ts.ExportAssignment;
        const value = this.evaluate(assignment.expression, scope);
        if (!assignment.isExportEquals) exports.push({ exportName: "default", value });
        return;
      }
      default:
        if (!this.nearSyntaxError(statement)) this.notStatic(statementTarget(statement), describeStatement(statement));
    }
  }

  /**
   * Whether a parser error lies in or just before the statement. The parser's recovery turns the
   * text around an error into odd statements (`, dense(3)` becomes an expression statement);
   * the syntax error already explains them.
   */
  private nearSyntaxError(statement: ts.Statement): boolean {
    const from = statement.pos - 1;
    return this.syntaxErrors.some((offset) => offset >= from && offset <= statement.end);
  }

  private constDeclarations(list: ts.VariableDeclarationList, scope: Scope): void {
    for (const declaration of list.declarations) {
      if (declaration.initializer === undefined) {
        this.reporter.report({
          code: "nn/syntax",
          severity: "error",
          message: "A const declaration needs a value: const name = value.",
          span: this.span(declaration),
        });
        const names = new Set<string>();
        collectBindingNames(declaration.name, names);
        for (const name of names) scope.define(name, { kind: "reported" });
        continue;
      }
      let value = this.evaluate(declaration.initializer, scope);
      // `const block = (f) => …` gives the function its name, as JavaScript does.
      if (value instanceof Closure && value.name === "" && isIdentifier(declaration.name)) {
        value = new Closure(declaration.name.text, value.span, value.node, value.scope);
      }
      this.bind(declaration.name, value, this.span(declaration.initializer), scope, true);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions.

  evaluate(node: ts.Expression, scope: Scope): Value {
    if (this.exhausted) return UNKNOWN;
    if (++this.steps > STEP_BUDGET) return this.exhaust(node);
    if (this.nesting >= MAX_NESTING) {
      return this.notStatic(node, `An expression nested more than ${LIMITS.maxNesting.toLocaleString("en-US")} levels deep`, "Nest less deeply.");
    }
    this.nesting++;
    try {
      return this.evaluateNode(node, scope);
    } finally {
      this.nesting--;
    }
  }

  private evaluateNode(node: ts.Expression, scope: Scope): Value {
    switch (node.kind) {
      case SyntaxKind.NumericLiteral:
        return Number((node as ts.NumericLiteral).text);
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return (node as ts.StringLiteral).text;
      case SyntaxKind.TrueKeyword:
        return true;
      case SyntaxKind.FalseKeyword:
        return false;
      case SyntaxKind.NullKeyword:
        return null;
      case SyntaxKind.Identifier:
        return this.identifier(node as ts.Identifier, scope, node);
      case SyntaxKind.TemplateExpression:
        return this.template(node as ts.TemplateExpression, scope);
      case SyntaxKind.ArrayLiteralExpression:
        return this.array(node as ts.ArrayLiteralExpression, scope);
      case SyntaxKind.ObjectLiteralExpression:
        return this.object(node as ts.ObjectLiteralExpression, scope);
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.ExpressionWithTypeArguments:
        return this.evaluate((node as ts.ParenthesizedExpression).expression, scope);
      case SyntaxKind.PrefixUnaryExpression:
        return this.prefix(node as ts.PrefixUnaryExpression, scope);
      case SyntaxKind.BinaryExpression:
        return this.binary(node as ts.BinaryExpression, scope);
      case SyntaxKind.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        const condition = this.evaluate(conditional.condition, scope);
        if (condition === UNKNOWN) return UNKNOWN;
        return this.evaluate(isTruthy(condition) ? conditional.whenTrue : conditional.whenFalse, scope);
      }
      case SyntaxKind.CallExpression:
        return this.call(node as ts.CallExpression, scope);
      case SyntaxKind.PropertyAccessExpression:
        return this.member(node as ts.PropertyAccessExpression, scope);
      case SyntaxKind.ElementAccessExpression:
        return this.element(node as ts.ElementAccessExpression, scope);
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression: {
        const fn = node as ts.ArrowFunction | ts.FunctionExpression;
        const name = isFunctionExpression(fn) && fn.name !== undefined ? fn.name.text : "";
        return new Closure(name, this.span(fn), fn, scope);
      }
      default:
        return this.notStatic(node, describeExpression(node, this.sourceFile));
    }
  }

  private identifier(node: ts.Identifier, scope: Scope, reportAt: ts.Node): Value {
    const name = node.text;
    const binding = scope.lookup(name);
    if (binding === undefined) return this.unbound(node, scope, reportAt);
    switch (binding.kind) {
      case "value":
        if (!binding.ready) {
          return this.notStatic(reportAt, `'${name}' is used before its declaration, which`, "Move the const declaration above its first use.");
        }
        // A const changed somewhere in the file was reported there; its value here is unknown.
        return binding.mutated ? UNKNOWN : binding.value;
      case "nn":
        return new NnFunction(binding.exportName, this.span(node));
      case "namespace":
        return this.notStatic(reportAt, `The namespace '${name}' used as a value`, `Call its functions instead, e.g. ${name}.dense(64).`);
      case "reported":
        return UNKNOWN;
      case "opaque":
        return this.notStatic(reportAt, `'${name}' ${binding.why}, which`, binding.hint);
    }
  }

  /** A name declared nowhere in the file. */
  private unbound(node: ts.Identifier, scope: Scope, reportAt: ts.Node): Value {
    const name = node.text;
    if (GLOBAL_VALUES.has(name)) return GLOBAL_VALUES.get(name);
    // A helper called many times meets the same name many times; the message (with its
    // did-you-mean search) is built only the first time.
    if (this.reporter.has("nn/not-static", this.span(reportAt))) return UNKNOWN;
    if (ALL_EXPORTS.has(name)) {
      const { reference, edits } = this.imports.ensureImported(name);
      const fixEdits = reference === name ? edits : [...edits, { span: this.span(node), text: reference }];
      const fixes: Fix[] = [{ title: `Import '${name}' from "nn-studio"`, edits: fixEdits }];
      this.reporter.report({
        code: "nn/not-static",
        severity: "warning",
        message: `'${name}' is not imported from "nn-studio", so this is not a layer or model function, and its value is unknown. Import it: import { ${name} } from "nn-studio".`,
        span: this.span(reportAt),
        fixes,
      });
      return UNKNOWN;
    }
    const known = [...ALL_EXPORTS, ...visibleNames(scope)];
    return this.notStatic(
      reportAt,
      `'${name}' is not declared in this file, so it`,
      `The tools read only this file (it is never run): its consts, its functions and what it imports from "nn-studio".${didYouMean(name, known)}`,
    );
  }

  private template(node: ts.TemplateExpression, scope: Scope): Value {
    let text = node.head.text;
    let unknown = false;
    for (const part of node.templateSpans) {
      const value = this.evaluate(part.expression, scope);
      if (value === UNKNOWN) unknown = true;
      else if (!isPrimitive(value)) {
        this.notStatic(part.expression, `Putting ${describeValue(value)} into a template string`, "Only numbers, strings and booleans can be interpolated.");
        unknown = true;
      } else text += String(value) + part.literal.text;
      if (text.length > LIMITS.maxStringLength) return this.notStatic(node, `A string longer than ${LIMITS.maxStringLength.toLocaleString("en-US")} characters`, "");
    }
    return unknown ? UNKNOWN : text;
  }

  private array(node: ts.ArrayLiteralExpression, scope: Scope): Value {
    const items: Located[] = [];
    let size = 1;
    for (const element of node.elements) {
      if (isSpreadElement(element)) {
        const value = this.evaluate(element.expression, scope);
        if (isArrayValue(value)) {
          if (!this.charge(value.items.length, node)) return UNKNOWN;
          for (const item of value.items) items.push(item);
          size += this.sizeOf(value) - 1;
        } else {
          if (value !== UNKNOWN) this.notStatic(element, `Spreading ${describeValue(value)} into an array`, "Only arrays can be spread into an array.");
          items.push(this.unknownSpread(this.span(element)));
          size++;
        }
        if (items.length > LIMITS.maxElements) return this.tooManyElements(node);
      } else if (element.kind === SyntaxKind.OmittedExpression) {
        items.push({ value: undefined, span: this.span(element) });
        size++;
      } else {
        const value = this.evaluate(element, scope);
        items.push({ value, span: this.span(element) });
        size += this.sizeOf(value);
      }
    }
    return this.made({ kind: "array", items, span: this.span(node) }, size, node);
  }

  private object(node: ts.ObjectLiteralExpression, scope: Scope): Value {
    const props = new Map<string, Property>();
    let size = 1;
    let unknown = false;
    for (const member of node.properties) {
      switch (member.kind) {
        case SyntaxKind.PropertyAssignment: {
          const key = this.propertyKey(member.name, scope);
          const value = this.evaluate(member.initializer, scope);
          if (key === UNKNOWN) unknown = true;
          else props.set(key, { key, keySpan: this.span(member.name), value, span: this.span(member.initializer) });
          size += this.sizeOf(value);
          break;
        }
        case SyntaxKind.ShorthandPropertyAssignment: {
          const value = this.identifier(member.name, scope, member.name);
          const span = this.span(member.name);
          props.set(member.name.text, { key: member.name.text, keySpan: span, value, span });
          size += this.sizeOf(value);
          break;
        }
        case SyntaxKind.SpreadAssignment: {
          const value = this.evaluate(member.expression, scope);
          if (isObjectValue(value)) {
            if (!this.charge(value.props.size, node)) return UNKNOWN;
            for (const property of value.props.values()) props.set(property.key, property);
            size += this.sizeOf(value) - 1;
          } else if (value === UNKNOWN) {
            // Which keys it adds is unknown, so every key of this object is.
            unknown = true;
          } else if (value !== null && value !== undefined && typeof value !== "number" && typeof value !== "boolean") {
            this.notStatic(member, `Spreading ${describeValue(value)} into an object`, "Only objects can be spread into an object.");
            unknown = true;
          }
          break;
        }
        default: {
          // Methods and accessors: their value is code, not data.
          this.notStatic(member, "A method or accessor in an object", "Write the property as name: value.");
          const key = this.propertyKey(member.name, scope);
          if (key === UNKNOWN) unknown = true;
          else props.set(key, { key, keySpan: this.span(member.name), value: UNKNOWN, span: this.span(member) });
        }
      }
    }
    if (unknown) return UNKNOWN;
    return this.made({ kind: "object", props, span: this.span(node) }, size, node);
  }

  private propertyKey(name: ts.PropertyName, scope: Scope): string | typeof UNKNOWN {
    switch (name.kind) {
      case SyntaxKind.Identifier:
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return name.text;
      case SyntaxKind.NumericLiteral:
        return String(Number(name.text));
      case SyntaxKind.ComputedPropertyName: {
        const key = this.evaluate(name.expression, scope);
        if (key === UNKNOWN) return UNKNOWN;
        if (typeof key === "string" || typeof key === "number") return String(key);
        this.notStatic(name, `A computed key of ${describeValue(key)}`, "Keys must be strings or numbers.");
        return UNKNOWN;
      }
      default:
        this.notStatic(name, "This property name", "");
        return UNKNOWN;
    }
  }

  private prefix(node: ts.PrefixUnaryExpression, scope: Scope): Value {
    const operator = node.operator;
    if (!isUnaryOperator(operator)) return this.notStatic(node, `The operator '${ts.tokenToString(operator)}'`, "Only unary - + and ! are static.");
    const operand = this.evaluate(node.operand, scope);
    if (operand === UNKNOWN) return UNKNOWN;
    const outcome = applyUnary(operator, operand);
    return "value" in outcome ? outcome.value : this.notStatic(node, outcome.refused, "");
  }

  private binary(node: ts.BinaryExpression, scope: Scope): Value {
    const operator = node.operatorToken.kind;
    switch (operator) {
      case SyntaxKind.AmpersandAmpersandToken:
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken: {
        const left = this.evaluate(node.left, scope);
        if (left === UNKNOWN) return UNKNOWN;
        const takeLeft =
          operator === SyntaxKind.AmpersandAmpersandToken
            ? !isTruthy(left)
            : operator === SyntaxKind.BarBarToken
              ? isTruthy(left)
              : left !== null && left !== undefined;
        return takeLeft ? left : this.evaluate(node.right, scope);
      }
    }
    if (!isArithmeticOperator(operator)) {
      const what =
        operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment
          ? "An assignment"
          : `The operator '${ts.tokenToString(operator) ?? "?"}'`;
      return this.notStatic(node, what, "Use + - * / % ** and comparisons, && || ?? and cond ? a : b.");
    }
    const left = this.evaluate(node.left, scope);
    const right = this.evaluate(node.right, scope);
    if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
    const outcome = checkString(applyBinary(operator, left, right));
    return "value" in outcome ? outcome.value : this.notStatic(node, capitalize(outcome.refused), "");
  }

  private member(node: ts.PropertyAccessExpression, scope: Scope): Value {
    const unbound = this.unboundRoot(node, scope);
    if (unbound !== undefined) return this.unbound(unbound, scope, node);
    const name = node.name.text;
    const receiverNode = skipTransparent(node.expression);
    if (isIdentifier(receiverNode)) {
      const binding = scope.lookup(receiverNode.text);
      if (binding?.kind === "namespace") {
        // A member "nn-studio" doesn't export was reported by the scan (nn/unknown-name).
        return ALL_EXPORTS.has(name) ? new NnFunction(name, this.span(node)) : UNKNOWN;
      }
      if (binding === undefined && receiverNode.text === "Math") {
        if (isMathFunctionName(name)) return new MathFunction(name, this.span(node));
        return this.notStatic(node, `Math.${name}`, "The static Math functions are floor, ceil, round, min, max, abs, sqrt and pow.");
      }
    }
    const receiver = this.evaluate(node.expression, scope);
    if (receiver === UNKNOWN) return UNKNOWN;
    if (node.questionDotToken !== undefined && (receiver === null || receiver === undefined)) return undefined;
    if (isObjectValue(receiver)) return receiver.props.get(name)?.value;
    if ((isArrayValue(receiver) || typeof receiver === "string") && name === "length") {
      return isArrayValue(receiver) ? receiver.items.length : receiver.length;
    }
    return this.notStatic(node, `Reading .${name} of ${describeValue(receiver)}`, "");
  }

  private element(node: ts.ElementAccessExpression, scope: Scope): Value {
    const unbound = this.unboundRoot(node, scope);
    if (unbound !== undefined) return this.unbound(unbound, scope, node);
    const receiver = this.evaluate(node.expression, scope);
    const key = this.evaluate(node.argumentExpression, scope);
    if (receiver === UNKNOWN || key === UNKNOWN) return UNKNOWN;
    if (node.questionDotToken !== undefined && (receiver === null || receiver === undefined)) return undefined;
    if (isArrayValue(receiver) && typeof key === "number") {
      return Number.isInteger(key) && key >= 0 ? receiver.items[key]?.value : undefined;
    }
    if (isObjectValue(receiver) && (typeof key === "string" || typeof key === "number")) return receiver.props.get(String(key))?.value;
    return this.notStatic(node, `Indexing ${describeValue(receiver)} with ${describeValue(key)}`, "");
  }

  // -------------------------------------------------------------------------------------------
  // Calls.

  private call(node: ts.CallExpression, scope: Scope): Value {
    const unbound = this.unboundRoot(node, scope);
    if (unbound !== undefined) return this.unbound(unbound, scope, node);
    const callee = skipTransparent(node.expression);
    let fn: Value;
    if (isPropertyAccessExpression(callee) && !this.isNamespaceOrMath(callee.expression, scope)) {
      const receiver = this.evaluate(callee.expression, scope);
      if (receiver === UNKNOWN) return UNKNOWN;
      const method = callee.name.text;
      if (isArrayValue(receiver) && ARRAY_METHODS.has(method)) {
        const args = this.arguments(node, scope);
        return args === UNKNOWN ? UNKNOWN : this.arrayMethod(node, receiver, method, args);
      }
      fn = isObjectValue(receiver) ? receiver.props.get(method)?.value : undefined;
      if (!isFunctionValue(fn)) {
        if (fn === UNKNOWN) return UNKNOWN;
        const hint = isArrayValue(receiver) ? "The static array methods are .map, .flatMap, .concat and .slice." : "";
        return this.notStatic(node, `Calling .${method}() on ${describeValue(receiver)}`, hint);
      }
    } else if (isIdentifier(callee)) {
      // A callee that is not static is reported at the whole call, which is what has no value.
      fn = this.identifier(callee, scope, node);
    } else {
      fn = this.evaluate(callee, scope);
    }
    if (fn === UNKNOWN) return UNKNOWN;
    if (!isFunctionValue(fn)) return this.notStatic(node, `A call of ${describeValue(fn)}, which is not a function,`, "");
    const args = this.arguments(node, scope);
    if (args === UNKNOWN) return UNKNOWN;
    if (fn instanceof NnFunction) return this.nnCall(fn, args, node, this.span(node));
    return this.apply(fn, args, node).value;
  }

  private isNamespaceOrMath(receiver: ts.Expression, scope: Scope): boolean {
    const node = skipTransparent(receiver);
    if (!isIdentifier(node)) return false;
    const binding = scope.lookup(node.text);
    return binding === undefined ? node.text === "Math" : binding.kind === "namespace";
  }

  /** The unbound identifier a member chain starts from, when there is one: reported once, at the whole chain. */
  private unboundRoot(node: ts.Expression, scope: Scope): ts.Identifier | undefined {
    const root = chainRoot(node);
    if (root === undefined || root === node) return undefined;
    const name = root.text;
    if (scope.lookup(name) !== undefined || name === "Math" || GLOBAL_VALUES.has(name)) return undefined;
    return root;
  }

  /** The call's arguments, spreads expanded; UNKNOWN when a spread's length is unknown. */
  private arguments(node: ts.CallExpression, scope: Scope): Located[] | typeof UNKNOWN {
    const args: Located[] = [];
    for (const argument of node.arguments) {
      if (isSpreadElement(argument)) {
        const value = this.evaluate(argument.expression, scope);
        if (value === UNKNOWN) return UNKNOWN;
        if (!isArrayValue(value)) return this.notStatic(argument, `Spreading ${describeValue(value)} into arguments`, "Only arrays can be spread.");
        if (!this.charge(value.items.length, node)) return UNKNOWN;
        for (const item of value.items) args.push(item);
      } else {
        args.push({ value: this.evaluate(argument, scope), span: this.span(argument) });
      }
    }
    return args;
  }

  /** Calls a function value; `site` is the expression that calls it (where problems are reported). */
  private apply(fn: FunctionValue, args: Located[], site: ts.Node): Located {
    const outermost = this.outermostCall === undefined;
    if (outermost) this.outermostCall = site;
    try {
      return this.applyInner(fn, args, site);
    } finally {
      if (outermost) this.outermostCall = undefined;
    }
  }

  private applyInner(fn: FunctionValue, args: Located[], site: ts.Node): Located {
    if (fn instanceof NnFunction) return { value: this.nnCall(fn, args, site, fn.span), span: fn.span };
    if (fn instanceof MathFunction) return { value: this.math(fn, args, site), span: this.span(site) };
    if (fn instanceof Closure) return this.invoke(fn, args, site);
    return { value: UNKNOWN, span: this.span(site) };
  }

  /** A call of an "nn-studio" function: a CallValue, or for `repeat` the array it makes. */
  private nnCall(fn: values.NnFunction, args: Located[], site: ts.Node, span: Span): Value {
    if (fn.name === "repeat") return this.repeat(args, site, span);
    let size = 1;
    for (const arg of args) size += this.sizeOf(arg.value);
    const call: CallValue = { kind: "call", fn: fn.name, args, span, calleeSpan: fn.span };
    return this.made(call, size, site);
  }

  private math(fn: values.MathFunction, args: Located[], site: ts.Node): Value {
    const numbers: number[] = [];
    for (const arg of args) {
      if (arg.value === UNKNOWN) return UNKNOWN;
      if (!isPrimitive(arg.value)) return this.notStatic(site, `${fn.name} of ${describeValue(arg.value)}`, "Math functions take numbers.");
      numbers.push(Number(arg.value));
    }
    switch (fn.method) {
      case "floor":
        return Math.floor(numbers[0]);
      case "ceil":
        return Math.ceil(numbers[0]);
      case "round":
        return Math.round(numbers[0]);
      case "abs":
        return Math.abs(numbers[0]);
      case "sqrt":
        return Math.sqrt(numbers[0]);
      case "pow":
        return Math.pow(numbers[0], numbers[1]);
      case "min":
        return Math.min(...numbers);
      case "max":
        return Math.max(...numbers);
    }
  }

  private invoke(fn: values.Closure, args: Located[], site: ts.Node): Located {
    if (this.callDepth >= LIMITS.maxCallDepth) {
      const value: Value = this.notStatic(
        site,
        `This call nests calls of the file's functions more than ${LIMITS.maxCallDepth} deep, so it`,
        "Recursion deeper than that is not evaluated; use repeat(n, (i) => …) or .map instead.",
      );
      return { value, span: this.span(site) };
    }
    const body = fn.node.body;
    if (body === undefined) return { value: this.notStatic(site, `A call of '${fn.name}', which has no body,`, ""), span: this.span(site) };
    this.callDepth++;
    try {
      const scope = new Scope(fn.scope);
      this.bindParameters(fn.node, args, scope, site);
      if (isBlock(body)) return this.block(body, scope);
      return { value: this.evaluate(body, scope), span: this.span(body) };
    } finally {
      this.callDepth--;
    }
  }

  private bindParameters(fn: values.FunctionLike, args: Located[], scope: Scope, site: ts.Node): void {
    let index = 0;
    for (const parameter of fn.parameters) {
      // A `this` parameter is only a type annotation: it takes no argument.
      if (isIdentifier(parameter.name) && parameter.name.text === "this") continue;
      let located: Located;
      if (parameter.dotDotDotToken !== undefined) {
        const rest = args.slice(index);
        const array: ArrayValue = { kind: "array", items: rest, span: this.span(site) };
        located = { value: this.made(array, 1 + rest.reduce((sum, item) => sum + this.sizeOf(item.value), 0), site), span: this.span(site) };
      } else {
        located = args[index] ?? { value: undefined, span: this.span(site) };
      }
      index++;
      if (located.value === undefined && parameter.initializer !== undefined) {
        located = { value: this.evaluate(parameter.initializer, scope), span: this.span(parameter.initializer) };
      }
      this.bind(parameter.name, located.value, located.span, scope, false);
    }
  }

  /** A function body: const declarations (and nested functions) ending in `return`. */
  private block(body: ts.Block, scope: Scope): Located {
    for (const statement of body.statements) this.hoist(statement, scope, false);
    for (const statement of body.statements) {
      switch (statement.kind) {
        case SyntaxKind.FunctionDeclaration:
        case SyntaxKind.EmptyStatement:
        case SyntaxKind.InterfaceDeclaration:
        case SyntaxKind.TypeAliasDeclaration:
          continue;
        case SyntaxKind.VariableStatement: {
          const list = (statement as ts.VariableStatement).declarationList;
          if (isConstList(list)) {
            this.constDeclarations(list, scope);
            continue;
          }
          const value: Value = this.notStatic(list, "A let or var declaration", "Only const bindings are static: use const.");
          return { value, span: this.span(statement) };
        }
        case SyntaxKind.ReturnStatement: {
          const expression = (statement as ts.ReturnStatement).expression;
          if (expression === undefined) return { value: undefined, span: this.span(statement) };
          return { value: this.evaluate(expression, scope), span: this.span(expression) };
        }
        default: {
          if (this.nearSyntaxError(statement)) return { value: UNKNOWN, span: this.span(statement) };
          const value: Value = this.notStatic(
            statementTarget(statement),
            describeStatement(statement),
            "A function body may hold only const declarations and a final return.",
          );
          return { value, span: this.span(statement) };
        }
      }
    }
    return { value: undefined, span: this.span(body) };
  }

  /** Binds a declared name or destructuring pattern to a value. */
  private bind(name: ts.BindingName, value: Value, span: Span, scope: Scope, isConst: boolean): void {
    if (isIdentifier(name)) {
      scope.define(name.text, { kind: "value", value, ready: true, mutated: isConst && this.mutated.has(name.text) });
      return;
    }
    const unknownAll = (): void => {
      const names = new Set<string>();
      collectBindingNames(name, names);
      for (const each of names) scope.define(each, { kind: "value", value: UNKNOWN, ready: true, mutated: false });
    };
    if (value === UNKNOWN) return unknownAll();
    if (isObjectBindingPattern(name)) {
      if (!isObjectValue(value)) {
        this.notStatic(name, `Destructuring ${describeValue(value)} as an object`, "");
        return unknownAll();
      }
      const used = new Set<string>();
      for (const element of name.elements) {
        if (element.dotDotDotToken !== undefined) {
          const rest = new Map<string, Property>();
          for (const [key, property] of value.props) if (!used.has(key)) rest.set(key, property);
          const object: ObjectValue = { kind: "object", props: rest, span: value.span };
          this.bind(element.name, this.made(object, this.sizeOf(value), name), span, scope, isConst);
          continue;
        }
        const keyNode = element.propertyName ?? (isIdentifier(element.name) ? element.name : undefined);
        const key = keyNode === undefined ? UNKNOWN : this.propertyKey(keyNode, scope);
        if (key === UNKNOWN) {
          this.bind(element.name, UNKNOWN, span, scope, isConst);
          continue;
        }
        used.add(key);
        const property = value.props.get(key);
        let item: Located = { value: property?.value, span: property?.span ?? span };
        if (item.value === undefined && element.initializer !== undefined) {
          item = { value: this.evaluate(element.initializer, scope), span: this.span(element.initializer) };
        }
        this.bind(element.name, item.value, item.span, scope, isConst);
      }
      return;
    }
    if (!isArrayValue(value)) {
      this.notStatic(name, `Destructuring ${describeValue(value)} as an array`, "");
      return unknownAll();
    }
    name.elements.forEach((element, index) => {
      if (!isBindingElement(element)) return;
      if (element.dotDotDotToken !== undefined) {
        const rest = value.items.slice(index);
        const array: ArrayValue = { kind: "array", items: rest, span: value.span };
        this.bind(element.name, this.made(array, this.sizeOf(value), name), span, scope, isConst);
        return;
      }
      let item: Located = value.items[index] ?? { value: undefined, span };
      if (item.value === undefined && element.initializer !== undefined) {
        item = { value: this.evaluate(element.initializer, scope), span: this.span(element.initializer) };
      }
      this.bind(element.name, item.value, item.span, scope, isConst);
    });
  }

  private arrayMethod(node: ts.CallExpression, array: ArrayValue, method: string, args: Located[]): Value {
    const span = this.span(node);
    if (method === "slice") {
      const start = args[0]?.value;
      const end = args[1]?.value;
      if (start === UNKNOWN || end === UNKNOWN) return UNKNOWN;
      if ((start !== undefined && typeof start !== "number") || (end !== undefined && typeof end !== "number")) {
        return this.notStatic(node, ".slice() with arguments that are not numbers", "");
      }
      const items = array.items.slice(start, end);
      if (!this.charge(items.length, node)) return UNKNOWN;
      return this.made({ kind: "array", items, span }, 1 + items.reduce((sum, item) => sum + this.sizeOf(item.value), 0), node);
    }
    if (method === "concat") {
      const items = [...array.items];
      let size = this.sizeOf(array);
      for (const arg of args) {
        if (isArrayValue(arg.value)) {
          if (!this.charge(arg.value.items.length, node)) return UNKNOWN;
          for (const item of arg.value.items) items.push(item);
          size += this.sizeOf(arg.value) - 1;
        } else if (arg.value === UNKNOWN) {
          // It may be an array (spread) or a single value: the length is unknown either way.
          items.push(this.unknownSpread(arg.span));
          size++;
        } else {
          items.push(arg);
          size += this.sizeOf(arg.value);
        }
        if (items.length > LIMITS.maxElements) return this.tooManyElements(node);
      }
      return this.made({ kind: "array", items, span }, size, node);
    }
    // map and flatMap.
    const fn = args[0]?.value;
    if (fn === UNKNOWN) return UNKNOWN;
    if (!isFunctionValue(fn)) return this.notStatic(node, `.${method}() with ${describeValue(fn)} instead of a function`, "");
    const items: Located[] = [];
    let size = 1;
    for (let index = 0; index < array.items.length; index++) {
      if (!this.charge(1, node)) return UNKNOWN;
      const item = array.items[index];
      // "nn-studio" functions get the element alone: `[16, 32].map(dense)` means dense(16), dense(32).
      const callArgs: Located[] =
        fn instanceof NnFunction ? [item] : [item, { value: index, span: item.span }, { value: array, span: array.span }];
      const result = this.apply(fn, callArgs, node);
      if (method === "flatMap" && isArrayValue(result.value)) {
        if (!this.charge(result.value.items.length, node)) return UNKNOWN;
        for (const inner of result.value.items) items.push(inner);
        size += this.sizeOf(result.value) - 1;
      } else if (method === "flatMap" && result.value === UNKNOWN) {
        items.push(this.unknownSpread(result.span));
        size++;
      } else {
        items.push(result);
        size += this.sizeOf(result.value);
      }
      if (items.length > LIMITS.maxElements) return this.tooManyElements(node);
      if (this.exhausted) return UNKNOWN;
    }
    return this.made({ kind: "array", items, span }, size, node);
  }

  /** `repeat(n, (i) => layerOrLayers)`: the array of fn(0) … fn(n − 1). */
  private repeat(args: Located[], site: ts.Node, span: Span): Value {
    const count = args[0]?.value;
    const body = args[1];
    if (count === UNKNOWN || body?.value === UNKNOWN) return UNKNOWN;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      this.reporter.report({
        code: "nn/invalid-option",
        severity: "error",
        message: `repeat: the count must be a whole number ≥ 0, not ${describeValue(count)}. Write repeat(3, (i) => dense(64)).`,
        span: args[0]?.span ?? span,
      });
      return UNKNOWN;
    }
    if (count > LIMITS.maxElements) {
      return this.notStatic(site, `repeat(${count}, …) would make more than ${LIMITS.maxElements.toLocaleString("en-US")} elements, so it`, "Use a smaller count.");
    }
    if (body === undefined) {
      this.reporter.report({
        code: "nn/invalid-option",
        severity: "error",
        message: "repeat needs what to repeat: repeat(3, (i) => dense(64)) or repeat(3, dense(64)).",
        span,
      });
      return UNKNOWN;
    }
    const items: Located[] = [];
    let size = 1;
    const fn = body.value;
    for (let index = 0; index < count; index++) {
      if (!this.charge(1, site)) return UNKNOWN;
      const result = isFunctionValue(fn) ? this.apply(fn, [{ value: index, span: args[0].span }], site) : body;
      items.push(result);
      size += this.sizeOf(result.value);
      if (size > LIMITS.maxValueSize) return this.tooLarge(site);
      if (this.exhausted) return UNKNOWN;
    }
    return this.made({ kind: "array", items, span }, size, site);
  }

  // -------------------------------------------------------------------------------------------
  // Bookkeeping.

  private span(node: ts.Node): Span {
    return spanOf(node, this.sourceFile);
  }

  /** How many values `value` holds, counting nested ones (and shared ones each time). */
  private sizeOf(value: Value): number {
    if (typeof value !== "object" || value === null) return 1;
    const recorded = this.sizes.get(value);
    if (recorded !== undefined) return recorded;
    // Not recorded means small (see made): counting it again is cheaper than recording every layer.
    let size = 1;
    switch (value.kind) {
      case "array":
        for (const item of value.items) size += this.sizeOf(item.value);
        break;
      case "object":
        for (const property of value.props.values()) size += this.sizeOf(property.value);
        break;
      case "call":
        for (const arg of value.args) size += this.sizeOf(arg.value);
        break;
      case "function":
        break;
    }
    return size;
  }

  /** Checks a new array, object or call against LIMITS, and records its size if it is not small. */
  private made(value: ArrayValue | ObjectValue | CallValue, size: number, node: ts.Node): Value {
    if (value.kind === "array" && value.items.length > LIMITS.maxElements) return this.tooManyElements(node);
    if (size > LIMITS.maxValueSize) return this.tooLarge(node);
    if (size > SMALL_VALUE) this.sizes.set(value, size);
    return value;
  }

  private unknownSpread(span: Span): Located {
    const item: Located = { value: UNKNOWN, span };
    this.unknownSpreads.add(item);
    return item;
  }

  /** Counts `amount` steps of work; false (after reporting once) when the budget is spent. */
  private charge(amount: number, node: ts.Node): boolean {
    if (this.exhausted) return false;
    this.steps += amount;
    if (this.steps > LIMITS.stepBudget) {
      this.exhaust(node);
      return false;
    }
    return true;
  }

  private exhaust(node: ts.Node): typeof UNKNOWN {
    if (!this.exhausted) {
      this.exhausted = true;
      this.notStatic(
        this.outermostCall ?? node,
        `Evaluating this takes more than ${LIMITS.stepBudget.toLocaleString("en-US")} steps, so it`,
        "Evaluation stops here; everything not yet evaluated in this file is unknown.",
      );
    }
    return UNKNOWN;
  }

  private tooManyElements(node: ts.Node): typeof UNKNOWN {
    return this.notStatic(node, `An array of more than ${LIMITS.maxElements.toLocaleString("en-US")} elements`, "");
  }

  private tooLarge(node: ts.Node): typeof UNKNOWN {
    return this.notStatic(node, `A value holding more than ${LIMITS.maxValueSize.toLocaleString("en-US")} values`, "");
  }

  /**
   * Reports `what` (a sentence subject, e.g. "A for loop") as outside the static subset and
   * returns UNKNOWN, which nothing downstream reports again.
   */
  notStatic(node: ts.Node, what: string, hint: string = SUBSET_HINT): typeof UNKNOWN {
    const span = this.span(node);
    if (this.reporter.has("nn/not-static", span)) return UNKNOWN;
    this.reporter.report({
      code: "nn/not-static",
      severity: "warning",
      message: `${what} is outside the static subset of .nn.ts (DSL.md §2): its value is unknown here, and so is everything computed from it.${hint === "" ? "" : ` ${hint}`}`,
      span,
    });
    return UNKNOWN;
  }

  /** `nn/not-static` at code that changes a const after its declaration (found by the scan). */
  reportMutation(site: MutationSite): void {
    this.reporter.report({
      code: "nn/not-static",
      severity: "warning",
      message:
        `This changes '${site.name}' (${site.how}) after its declaration. The tools read each const as declared and never run the file, ` +
        `so '${site.name}' is unknown wherever it is used. Build the value in one expression instead, e.g. with [...spread], .map or repeat(n, (i) => …).`,
      span: this.span(site.node),
    });
  }
}

function collectBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (isBindingElement(element)) collectBindingNames(element.name, into);
  }
}

/** Every name visible from `scope`, for did-you-mean. */
function visibleNames(scope: Scope): string[] {
  const names: string[] = [];
  for (let current: Scope | null = scope; current !== null; current = current.parent) names.push(...current.names());
  return names;
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

/** Where a statement outside the subset is reported: an expression statement at its expression. */
function statementTarget(statement: ts.Statement): ts.Node {
  return isExpressionStatement(statement) ? statement.expression : statement;
}

function describeStatement(statement: ts.Statement): string {
  switch (statement.kind) {
    case SyntaxKind.ForStatement:
    case SyntaxKind.ForOfStatement:
    case SyntaxKind.ForInStatement:
    case SyntaxKind.WhileStatement:
    case SyntaxKind.DoStatement:
      return "A loop";
    case SyntaxKind.IfStatement:
      return "An if statement";
    case SyntaxKind.ClassDeclaration:
      return "A class";
    case SyntaxKind.EnumDeclaration:
      return "An enum";
    case SyntaxKind.ExpressionStatement:
      return "A statement that runs code";
    default:
      return "This statement";
  }
}

function describeExpression(node: ts.Expression, sourceFile: ts.SourceFile): string {
  switch (node.kind) {
    case SyntaxKind.NewExpression:
      return "A new expression";
    case SyntaxKind.RegularExpressionLiteral:
      return "A regular expression";
    case SyntaxKind.BigIntLiteral:
      return "A BigInt";
    case SyntaxKind.ThisKeyword:
      return "'this'";
    case SyntaxKind.TypeOfExpression:
      return "typeof";
    case SyntaxKind.AwaitExpression:
      return "await";
    case SyntaxKind.TaggedTemplateExpression:
      return "A tagged template";
    case SyntaxKind.PostfixUnaryExpression:
      return "An update (++ or --)";
    case SyntaxKind.ClassExpression:
      return "A class";
    case SyntaxKind.DeleteExpression:
      return "delete";
    case SyntaxKind.VoidExpression:
      return "void";
    default: {
      const text = node.getText(sourceFile).replace(/\s+/g, " ");
      return text.length === 0 ? "This expression" : `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
    }
  }
}
