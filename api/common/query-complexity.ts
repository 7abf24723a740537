import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  /** Deepest field nesting; a root field is depth 1. */
  maxDepth: number;
  /** Most fields selected, fragments counted each time they are spread. */
  maxCost: number;
}

export interface QueryComplexity {
  depth: number;
  cost: number;
}

/**
 * Measures an operation as it will execute: fragments expanded where spread, inline
 * fragments and introspection fields counted like any other (a nested `__type` is work too).
 * Counting stops once past `stopAbove`, so a query built to be huge costs little to refuse.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
  stopAbove: QueryLimits = { maxDepth: Infinity, maxCost: Infinity },
): QueryComplexity {
  const measured: QueryComplexity = { depth: 0, cost: 0 };
  const walk = (selections: SelectionSetNode, depth: number, spreading: ReadonlySet<string>): void => {
    for (const selection of selections.selections) {
      if (measured.cost > stopAbove.maxCost || measured.depth > stopAbove.maxDepth) return;
      if (selection.kind === Kind.FIELD) {
        measured.cost += 1;
        measured.depth = Math.max(measured.depth, depth);
        if (selection.selectionSet) walk(selection.selectionSet, depth + 1, spreading);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, spreading);
      } else {
        const name = selection.name.value;
        const definition = fragment(name);
        // A fragment cycle or an unknown fragment is another rule's error to report.
        if (definition && !spreading.has(name)) walk(definition.selectionSet, depth, new Set([...spreading, name]));
      }
    }
  };
  walk(operation.selectionSet, 1, new Set());
  return measured;
}

/** Refusal of an operation over the limits; the error formatter keeps its code, which Apollo replaces for validation errors. */
export class QueryTooComplexError extends GraphQLError {
  static readonly CODE = 'QUERY_TOO_COMPLEX';
}

/** A validation rule refusing operations deeper or costlier than the limits, with code QUERY_TOO_COMPLEX, before any resolver runs. */
export function queryComplexityRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const { depth, cost } = measureOperation(operation, (name) => context.getFragment(name) ?? undefined, limits);
      const over = [
        ...(depth > limits.maxDepth ? [`depth ${depth} is above the limit of ${limits.maxDepth}`] : []),
        ...(cost > limits.maxCost ? [`cost of at least ${cost} fields is above the limit of ${limits.maxCost}`] : []),
      ];
      if (over.length === 0) return;
      const name = operation.name ? `operation ${operation.name.value}` : 'the operation';
      context.reportError(
        new QueryTooComplexError(`${name} is too complex: ${over.join('; ')}`, {
          nodes: [operation],
          extensions: { code: QueryTooComplexError.CODE, depth, cost, maxDepth: limits.maxDepth, maxCost: limits.maxCost },
        }),
      );
    },
  });
}
