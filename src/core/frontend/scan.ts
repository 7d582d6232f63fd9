// One walk over the whole file for what the evaluator can't see by evaluating: code that
// changes a const after its declaration (anywhere, even in a function that runs later), members
// of the "nn-studio" namespace that don't exist, and where given names are used.

import * as ts from "typescript";
import { ALL_EXPORTS } from "../exports";

/** Array methods that change the array they are called on. */
const MUTATING_METHODS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);
/** `Object.assign(target, …)` and friends change their first argument. */
const MUTATING_STATICS: Record<string, ReadonlySet<string>> = {
  Object: new Set(["assign", "defineProperty", "defineProperties", "setPrototypeOf"]),
  Reflect: new Set(["set", "defineProperty", "deleteProperty", "setPrototypeOf"]),
};

/** Deeper than this the walk stops: the parser itself gives up long before. */
const MAX_DEPTH = 2_000;

export interface MutationSite {
  /** The const (by name) whose value changes. */
  name: string;
  /** The expression that changes it. */
  node: ts.Expression;
  /** e.g. "push", "assignment". */
  how: string;
}

export interface NameUsage {
  /** Identifiers that use the name as a value. */
  values: ts.Identifier[];
  /** How often the name is used as a type. */
  types: number;
}

export interface ScanResult {
  /** Names of consts changed somewhere in the file; every such const is unknown. */
  mutated: Set<string>;
  mutationSites: MutationSite[];
  /** `nn.member` where "nn-studio" exports no `member`. */
  unknownMembers: ts.PropertyAccessExpression[];
  /** Usage of each watched name. */
  usage: Map<string, NameUsage>;
}

export function scanFile(sourceFile: ts.SourceFile, namespaces: ReadonlySet<string>, watched: ReadonlySet<string>): ScanResult {
  const constNames = new Set<string>();
  const candidates: MutationSite[] = [];
  const unknownMembers: ts.PropertyAccessExpression[] = [];
  const usage = new Map<string, NameUsage>();
  for (const name of watched) usage.set(name, { values: [], types: 0 });

  const mutation = (target: ts.Expression, node: ts.Expression, how: string): void => {
    const root = rootIdentifier(target);
    if (root !== undefined) candidates.push({ name: root.text, node, how });
  };

  const visit = (node: ts.Node, inType: boolean, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ImportEqualsDeclaration:
        return;
      case ts.SyntaxKind.Identifier: {
        const found = usage.get((node as ts.Identifier).text);
        if (found !== undefined) {
          if (inType) found.types++;
          else found.values.push(node as ts.Identifier);
        }
        return;
      }
      case ts.SyntaxKind.VariableDeclarationList:
        if ((node.flags & ts.NodeFlags.Const) !== 0) {
          for (const declaration of (node as ts.VariableDeclarationList).declarations) collectNames(declaration.name, constNames);
        }
        break;
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (!inType && ts.isIdentifier(access.expression) && namespaces.has(access.expression.text) && !ALL_EXPORTS.has(access.name.text)) {
          unknownMembers.push(access);
        }
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) mutation(binary.left, binary, "an assignment");
        break;
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
        if (unary.operator === ts.SyntaxKind.PlusPlusToken || unary.operator === ts.SyntaxKind.MinusMinusToken) {
          mutation(unary.operand, unary, ts.tokenToString(unary.operator) ?? "an update");
        }
        break;
      }
      case ts.SyntaxKind.DeleteExpression:
        mutation((node as ts.DeleteExpression).expression, node as ts.DeleteExpression, "delete");
        break;
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const callee = call.expression;
        if (ts.isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          const receiver = ts.isIdentifier(callee.expression) ? callee.expression.text : "";
          const statics = Object.hasOwn(MUTATING_STATICS, receiver) ? MUTATING_STATICS[receiver] : undefined;
          if (statics !== undefined) {
            if (statics.has(method) && call.arguments.length > 0) mutation(call.arguments[0], call, `${receiver}.${method}`);
          } else if (MUTATING_METHODS.has(method)) {
            mutation(callee.expression, call, `.${method}()`);
          }
        }
        break;
      }
    }
    const typeHere = inType || ts.isTypeNode(node);
    // Names that are keys, not references: `a.name`, `{ name: … }`, `{ name: alias } = …`.
    const skip = nonReferenceName(node);
    ts.forEachChild(node, (child) => {
      if (child !== skip) visit(child, typeHere, depth + 1);
    });
  };
  visit(sourceFile, false, 0);

  const mutationSites = candidates.filter((site) => constNames.has(site.name));
  return { mutated: new Set(mutationSites.map((site) => site.name)), mutationSites, unknownMembers, usage };
}

function nonReferenceName(node: ts.Node): ts.Node | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumMember:
      return (node as ts.NamedDeclaration & { name: ts.Node }).name;
    case ts.SyntaxKind.QualifiedName:
      return (node as ts.QualifiedName).right;
    case ts.SyntaxKind.BindingElement:
      return (node as ts.BindingElement).propertyName;
    default:
      return undefined;
  }
}

/** The variable an assignment target or method receiver belongs to: `a` in `a.b[0].c`. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (
      ts.isPropertyAccessExpression(current) ||
      ts.isElementAccessExpression(current) ||
      ts.isParenthesizedExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return undefined;
    }
  }
}

export function collectNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) collectNames(element.name, into);
  }
}
