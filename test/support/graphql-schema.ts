import { randomUUID } from 'node:crypto';
import type { Harness } from './harness';

/** A type reference as introspection describes it: `[String!]!` is NON_NULL → LIST → NON_NULL → String. */
export interface TypeRef {
  kind: 'SCALAR' | 'OBJECT' | 'INTERFACE' | 'UNION' | 'ENUM' | 'INPUT_OBJECT' | 'LIST' | 'NON_NULL';
  name: string | null;
  ofType: TypeRef | null;
}

export interface InputValue {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}

export interface Operation {
  kind: 'query' | 'mutation';
  name: string;
  args: InputValue[];
  type: TypeRef;
}

interface NamedType {
  kind: TypeRef['kind'];
  name: string;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}

export interface IntrospectedSchema {
  operations: Operation[];
  types: Map<string, NamedType>;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INPUT_VALUE = `name defaultValue type { ${TYPE_REF} }`;
const INTROSPECTION = `{
  __schema {
    queryType { fields { name args { ${INPUT_VALUE} } type { ${TYPE_REF} } } }
    mutationType { fields { name args { ${INPUT_VALUE} } type { ${TYPE_REF} } } }
    types { kind name inputFields { ${INPUT_VALUE} } enumValues { name } }
  }
}`;

/** Every query and mutation of the live schema, and the input and enum types their arguments use. */
export async function introspect(harness: Harness): Promise<IntrospectedSchema> {
  const { data, errors } = await harness.gql(INTROSPECTION);
  if (errors) throw new Error(`introspection failed: ${JSON.stringify(errors)}`);
  const schema = data!.__schema;
  const fieldsOf = (kind: Operation['kind'], root: { fields: Omit<Operation, 'kind'>[] } | null): Operation[] =>
    (root?.fields ?? []).map((field) => ({ kind, ...field }));
  return {
    operations: [...fieldsOf('query', schema.queryType), ...fieldsOf('mutation', schema.mutationType)],
    types: new Map((schema.types as NamedType[]).map((type) => [type.name, type])),
  };
}

export function namedTypeOf(type: TypeRef): TypeRef {
  return type.ofType ? namedTypeOf(type.ofType) : type;
}

/** The type as a variable declaration writes it, e.g. `[String!]!`. */
export function printType(type: TypeRef): string {
  if (type.kind === 'NON_NULL') return `${printType(type.ofType!)}!`;
  if (type.kind === 'LIST') return `[${printType(type.ofType!)}]`;
  return type.name!;
}

/** A caller must send it: non-null and without a default. */
export function isRequired(value: InputValue): boolean {
  return value.type.kind === 'NON_NULL' && value.defaultValue === null;
}

/**
 * A syntactically valid value of the type: a fresh UUID for ID (so it names nothing that
 * exists), "x" for String, 1 for numbers, the first enum value, one element for a list,
 * and an input object's required fields.
 */
export function placeholderValue(schema: IntrospectedSchema, type: TypeRef): unknown {
  if (type.kind === 'NON_NULL') return placeholderValue(schema, type.ofType!);
  if (type.kind === 'LIST') return [placeholderValue(schema, type.ofType!)];
  const named = schema.types.get(type.name!)!;
  if (named.kind === 'ENUM') return named.enumValues![0].name;
  if (named.kind === 'INPUT_OBJECT') return placeholderArguments(schema, named.inputFields!);
  switch (named.name) {
    case 'ID':
      return randomUUID();
    case 'String':
      return 'x';
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'JSON':
      return {};
    default:
      throw new Error(`no placeholder for scalar ${named.name}: add one here`);
  }
}

/** Placeholder values of the required arguments (or input fields) only. */
export function placeholderArguments(schema: IntrospectedSchema, args: InputValue[]): Record<string, unknown> {
  return Object.fromEntries(args.filter(isRequired).map((arg) => [arg.name, placeholderValue(schema, arg.type)]));
}

/**
 * A document calling the operation with the given arguments as variables of their
 * declared types, selecting `__typename` of an object result.
 */
export function operationDocument(schema: IntrospectedSchema, operation: Operation, argumentNames: string[]): string {
  const args = operation.args.filter((arg) => argumentNames.includes(arg.name));
  const declarations = args.map((arg) => `$${arg.name}: ${printType(arg.type)}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const result = schema.types.get(namedTypeOf(operation.type).name!)!;
  const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(result.kind) ? ' { __typename }' : '';
  return `${operation.kind}${declarations ? ` (${declarations})` : ''} { ${operation.name}${passed ? `(${passed})` : ''}${selection} }`;
}
