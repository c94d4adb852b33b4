// Walks ASL definitions, including the nested machines of Parallel branches and Map iterators.

/** Calls {@code visit(name, state)} for every state of the definition, nested ones included. */
export function forEachState(definition, visit) {
  for (const [name, state] of Object.entries(definition?.States ?? {})) {
    visit(name, state);
    for (const branch of state.Branches ?? []) {
      forEachState(branch, visit);
    }
    for (const nested of [state.Iterator, state.ItemProcessor]) {
      if (nested) {
        forEachState(nested, visit);
      }
    }
  }
}

/** State definitions by name. ASL requires state names to be unique across the whole machine, nested ones included. */
export function statesByName(definition) {
  const states = new Map();
  forEachState(definition, (name, state) => states.set(name, state));
  return states;
}

/** Task states whose Resource still holds a SAM/CloudFormation substitution such as "${ProvisionFnArn}". */
export function unresolvedResources(definition) {
  const unresolved = [];
  forEachState(definition, (name, state) => {
    if (typeof state.Resource === 'string' && /\$\{[^}]*\}/.test(state.Resource)) {
      unresolved.push(`${name}: ${state.Resource}`);
    }
  });
  return unresolved;
}
