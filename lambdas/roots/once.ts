/**
 * A value made on first use and shared after: a composition root builds each client and adapter
 * this way, so a handler that never needs one (the relay has no metrics) never builds it or reads
 * its environment variables, and two deps objects built from one root share the same instances.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
