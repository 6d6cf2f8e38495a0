import { createRequire } from 'node:module';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { WAIT_RESOURCE } from './errors.js';
import { rewriteStartTimePaths } from './reference-paths.js';
import {
  type CompiledMachine,
  isObject,
  type JsonObject,
  type LocalLambda,
  type LocalStateMachineSource,
  type StateMeta,
} from './types.js';

/**
 * Compiles a definition into the in-memory copy the library runs (the file is never touched): Tasks get local
 * overrides, Waits become internal Tasks, task and machine timeouts move to the business clock. See engine.ts.
 */

/** The library's real-time timer is set to this (just under the 2^31-1 ms setTimeout limit): never reached. */
const REAL_TIME_CEILING_SECONDS = 2_147_483;
const INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';
const CALLBACK_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/;

type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;
const validations = new Map<string, string | undefined>();

/** asl-validator (checkArn, checkPaths) on the substituted text; memoised (compiling its schemas is slow). */
function validateAsl(text: string, definition: unknown): string | undefined {
  if (!validations.has(text)) {
    const result = aslValidator(definition, { checkArn: true, checkPaths: true });
    validations.set(text, result.isValid ? undefined : result.errorsText('; '));
  }
  return validations.get(text);
}

/** Replace `${Key}` like CloudFormation DefinitionSubstitutions; any token left over is an error. */
export function applyDefinitionSubstitutions(
  definition: string,
  substitutions: Record<string, string>,
  label = 'state machine',
): string {
  const missing = new Set<string>();
  const text = definition.replace(/\$\{([^}]*)\}/g, (token, key: string) => {
    if (Object.hasOwn(substitutions, key)) return substitutions[key] as string;
    missing.add(key);
    return token;
  });
  if (missing.size > 0) {
    throw new Error(
      `${label}: unresolved definition substitution(s): ${[...missing].map((k) => `\${${k}}`).join(', ')}`,
    );
  }
  return text;
}

/** Function name from a name, a partial ARN or a full ARN, without version/alias qualifier. */
export function lambdaFunctionName(nameOrArn: string): string {
  const full = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  if (full) return full[1] as string;
  const partial = /^\d{12}:function:([^:]+)/.exec(nameOrArn);
  if (partial) return partial[1] as string;
  return nameOrArn.split(':')[0] as string;
}

/** The machine `name` compiled for the library; refuses anything that is not a registered Lambda. */
export function compileMachine(
  name: string,
  source: LocalStateMachineSource,
  target: { arn: string; lambdas: Record<string, LocalLambda> },
): CompiledMachine {
  const label = `State machine '${name}'`;
  const text = applyDefinitionSubstitutions(source.definition, source.substitutions, label);
  let original: JsonObject;
  try {
    original = JSON.parse(text) as JsonObject;
  } catch (error) {
    throw new Error(`${label}: definition is not valid JSON after substitution: ${(error as Error).message}`);
  }
  if (text.includes('"JSONata"')) {
    throw new Error(`${label}: JSONata is not supported by the local engine; write the ASL in JSONPath`);
  }
  const invalid = validateAsl(text, original);
  if (invalid !== undefined) throw new Error(`${label}: invalid ASL: ${invalid}`);

  const states = new Map<string, StateMeta>();
  const retryStates: string[] = [];
  const transformStates = (definition: JsonObject): JsonObject => {
    const out: JsonObject = { ...definition };
    const transformed: JsonObject = {};
    for (const [stateName, raw] of Object.entries(definition.States as JsonObject)) {
      const state = raw as JsonObject;
      if (states.has(stateName)) {
        throw new Error(
          `${label}: state name '${stateName}' is used twice (names must be unique machine-wide)`,
        );
      }
      const meta: StateMeta = { name: stateName, type: state.Type as string, def: state };
      states.set(stateName, meta);
      if (Array.isArray(state.Retry)) retryStates.push(stateName);
      transformed[stateName] = transformState(label, meta, target.lambdas);
      const copy = transformed[stateName] as JsonObject;
      if (state.Type === 'Parallel') {
        copy.Branches = (state.Branches as JsonObject[]).map((branch) => transformStates(branch));
      }
      if (state.Type === 'Map') {
        for (const key of ['Iterator', 'ItemProcessor']) {
          if (isObject(state[key])) copy[key] = transformStates(state[key] as JsonObject);
        }
      }
    }
    out.States = transformed;
    return out;
  };
  const compiled = rewriteStartTimePaths(transformStates(original)) as JsonObject;
  const timeoutSeconds = typeof original.TimeoutSeconds === 'number' ? original.TimeoutSeconds : undefined;
  delete compiled.TimeoutSeconds;
  const machine = new StateMachine(compiled as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  });
  const result: CompiledMachine = { name, arn: target.arn, states, machine, retryStates };
  if (timeoutSeconds !== undefined) result.timeoutSeconds = timeoutSeconds;
  return result;
}

function transformState(label: string, meta: StateMeta, lambdas: Record<string, LocalLambda>): JsonObject {
  const state = meta.def;
  if (meta.type === 'Wait') {
    const copy: JsonObject = {
      Type: 'Task',
      Resource: WAIT_RESOURCE,
      TimeoutSeconds: REAL_TIME_CEILING_SECONDS,
    };
    for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
      if (key in state) copy[key] = state[key];
    }
    return copy;
  }
  if (meta.type !== 'Task') return { ...state };
  const resource = state.Resource as string;
  const where = `${label}, state '${meta.name}'`;
  if (resource === INVOKE_RESOURCE) meta.kind = 'invoke';
  else if (resource === CALLBACK_RESOURCE) meta.kind = 'callback';
  else if (LAMBDA_ARN.test(resource)) meta.kind = 'lambdaArn';
  else {
    throw new Error(
      `${where}: unsupported Task resource '${resource}'. The local engine runs only Lambda functions ` +
        `(a Lambda ARN, ${INVOKE_RESOURCE}, ${CALLBACK_RESOURCE}) and never calls AWS.`,
    );
  }
  const assertLambda = (functionName: string) => {
    if (!Object.hasOwn(lambdas, functionName)) {
      throw new Error(`${where}: Lambda function '${functionName}' is not registered with the local engine`);
    }
  };
  const parameters = isObject(state.Parameters) ? state.Parameters : undefined;
  if (meta.kind === 'lambdaArn') {
    assertLambda(lambdaFunctionName(resource));
  } else {
    if (!parameters) throw new Error(`${where}: ${resource} needs Parameters with FunctionName`);
    if (typeof parameters.FunctionName === 'string') {
      assertLambda(lambdaFunctionName(parameters.FunctionName));
    } else if (typeof parameters['FunctionName.$'] !== 'string') {
      throw new Error(`${where}: ${resource} needs Parameters.FunctionName`);
    }
  }
  const copy: JsonObject = { ...state, TimeoutSeconds: REAL_TIME_CEILING_SECONDS };
  delete copy.TimeoutSecondsPath;
  delete copy.HeartbeatSeconds;
  delete copy.HeartbeatSecondsPath;
  copy.Parameters = parameters ? { __p: parameters, '__raw.$': '$' } : { '__raw.$': '$' };
  return copy;
}
