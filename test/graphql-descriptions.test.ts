import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { startHarness, type Harness } from './support/harness';

/** Introspection's own types (`__Schema`, `__Type`, …) and the scalars every GraphQL server has are documented by the spec. */
function isBuiltIn(type: GraphQLNamedType): boolean {
  return isIntrospectionType(type) || isSpecifiedScalarType(type);
}

/**
 * Every type, field, argument, input field and enum value of the schema that has no
 * description, named as a reader of GraphiQL would look for it (`Type.field(argument)`).
 */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined) => !text?.trim();
  // Query and Mutation are the schema's entry points, not things a reader looks up: their fields carry the documentation.
  const roots = new Set<GraphQLNamedType | null | undefined>([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isBuiltIn(type)) continue;
    if (blank(type.description) && !roots.has(type)) missing.push(`type ${type.name}`);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`field ${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`argument ${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`input field ${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`enum value ${type.name}.${value.name}`);
    }
  }
  return missing.sort();
}

describe('GraphQL schema documentation', () => {
  let harness: Harness;
  let schema: GraphQLSchema;

  before(async () => {
    harness = await startHarness();
    const { data, errors } = await harness.gql<IntrospectionQuery>(getIntrospectionQuery({ inputValueDeprecation: true }));
    if (errors) throw new Error(`introspection failed: ${JSON.stringify(errors)}`);
    schema = buildClientSchema(data!);
  });
  after(async () => {
    await harness?.close();
  });

  test('every type, field, query, mutation, argument, input field and enum value has a description', () => {
    const missing = undescribed(schema);
    assert.equal(missing.length, 0, `${missing.length} schema elements have no description (GraphiQL shows them blank):\n  ${missing.join('\n  ')}`);
  });

  test('the check reads the live schema: its queries and mutations are there', () => {
    assert.ok(schema.getQueryType()!.getFields().pipelineRun, 'the query pipelineRun');
    assert.ok(schema.getMutationType()!.getFields().startModelPipeline, 'the mutation startModelPipeline');
  });

  test('the check names each kind of undocumented element and ignores built-ins', () => {
    const sample = buildSchema(`
      "A described type"
      type Query {
        "described" ok(
          "described" a: Int
          b: String): Thing
        bare: Colour
      }
      type Thing { x: Int }
      "Colours" enum Colour { "red" RED BLUE }
      "In" input In { "y" y: Int z: Int }
      type Mutation { "m" m(i: In): Int }
    `);
    assert.deepEqual(undescribed(sample), [
      'argument Mutation.m(i)',
      'argument Query.ok(b)',
      'enum value Colour.BLUE',
      'field Query.bare',
      'field Thing.x',
      'input field In.z',
      'type Thing',
    ]);
  });
});
