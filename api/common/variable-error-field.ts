/**
 * The input field a GraphQL variable error is about, as the dotted path our own errors
 * put in `extensions.field` (`input.deploy.canary.steps[0]`). graphql-js names it only in
 * its message: `Variable "$input" got invalid value "abc" at "input.version"; Int cannot
 * represent non-integer value: "abc"`, or `…; Field "reason" of required type "String!"
 * was not provided.` The path starts with the variable's name, which clients give the
 * argument's name by convention.
 */
export function variableErrorField(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const path = / at "([^"]+)"; /.exec(message)?.[1] ?? variable;
  const inputField = /; Field "(\w+)" (?:of required type "[^"]+" was not provided|is not defined by type)/.exec(message)?.[1];
  return inputField ? `${path}.${inputField}` : path;
}
