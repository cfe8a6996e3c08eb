// Node resolve hook for the lowest-version run: `bullmq` (and its subpaths) resolve to the
// `bullmq-lowest` alias. Registered by register.mjs in the test processes and, through the execArgv
// they pass on, in the worker processes they fork (which load the built dist).
export async function resolve(specifier, context, next) {
  if (specifier === 'bullmq' || specifier.startsWith('bullmq/')) return next(`bullmq-lowest${specifier.slice('bullmq'.length)}`, context);
  return next(specifier, context);
}
