// One walk over the whole file for what the evaluator can't see by evaluating: code that
// changes a const after its declaration (anywhere, even in a function that runs later), members
// of the "nn-studio" namespace that don't exist, and where given names are used.

import ts from "typescript";
import { ALL_EXPORTS } from "../exports";

// TypeScript's module object exposes its members through getters; the ones used on hot paths
// are read once here.
const { SyntaxKind, NodeFlags, isAsExpression, isBindingElement, isElementAccessExpression, isIdentifier, isNonNullExpression, isParenthesizedExpression, isPropertyAccessExpression, isSatisfiesExpression, isTypeAssertionExpression, forEachChild } = ts;

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

  // The walk's state lives here rather than in arguments, so one callback serves every node.
  let inType = false;
  let depth = 0;
  /** A child of the node being walked that is a key, not a reference (`name` in `a.name`). */
  let skip: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node === skip || depth > MAX_DEPTH) return;
    switch (node.kind) {
      case SyntaxKind.ImportDeclaration:
      case SyntaxKind.ImportEqualsDeclaration:
        return;
      case SyntaxKind.Identifier: {
        const found = usage.get((node as ts.Identifier).text);
        if (found !== undefined) {
          if (inType) found.types++;
          else found.values.push(node as ts.Identifier);
        }
        return;
      }
      case SyntaxKind.VariableDeclarationList:
        if ((node.flags & NodeFlags.Const) !== 0) {
          for (const declaration of (node as ts.VariableDeclarationList).declarations) collectNames(declaration.name, constNames);
        }
        break;
      case SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (!inType && isIdentifier(access.expression) && namespaces.has(access.expression.text) && !ALL_EXPORTS.has(access.name.text)) {
          unknownMembers.push(access);
        }
        break;
      }
      case SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment) mutation(binary.left, binary, "an assignment");
        break;
      }
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
        if (unary.operator === SyntaxKind.PlusPlusToken || unary.operator === SyntaxKind.MinusMinusToken) {
          mutation(unary.operand, unary, ts.tokenToString(unary.operator) ?? "an update");
        }
        break;
      }
      case SyntaxKind.DeleteExpression:
        mutation((node as ts.DeleteExpression).expression, node as ts.DeleteExpression, "delete");
        break;
      case SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const callee = call.expression;
        if (isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          const receiver = isIdentifier(callee.expression) ? callee.expression.text : "";
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
    const outerInType = inType;
    const outerSkip = skip;
    inType = inType || (node.kind >= SyntaxKind.FirstTypeNode && node.kind <= SyntaxKind.LastTypeNode);
    skip = nonReferenceName(node);
    depth++;
    forEachChild(node, visit);
    depth--;
    inType = outerInType;
    skip = outerSkip;
  };
  visit(sourceFile);

  const mutationSites = candidates.filter((site) => constNames.has(site.name));
  return { mutated: new Set(mutationSites.map((site) => site.name)), mutationSites, unknownMembers, usage };
}

function nonReferenceName(node: ts.Node): ts.Node | undefined {
  switch (node.kind) {
    case SyntaxKind.PropertyAccessExpression:
    case SyntaxKind.PropertyAssignment:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.EnumMember:
      return (node as ts.NamedDeclaration & { name: ts.Node }).name;
    case SyntaxKind.QualifiedName:
      return (node as ts.QualifiedName).right;
    case SyntaxKind.BindingElement:
      return (node as ts.BindingElement).propertyName;
    default:
      return undefined;
  }
}

/** The variable an assignment target or method receiver belongs to: `a` in `a.b[0].c`. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current: ts.Expression = expression;
  for (;;) {
    if (isIdentifier(current)) return current;
    if (
      isPropertyAccessExpression(current) ||
      isElementAccessExpression(current) ||
      isParenthesizedExpression(current) ||
      isNonNullExpression(current) ||
      isAsExpression(current) ||
      isSatisfiesExpression(current) ||
      isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return undefined;
    }
  }
}

export function collectNames(name: ts.BindingName, into: Set<string>): void {
  if (isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (isBindingElement(element)) collectNames(element.name, into);
  }
}
