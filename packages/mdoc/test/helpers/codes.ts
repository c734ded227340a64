/** The `code` of what `fn` throws (or of the promise it returns rejecting), or `undefined`. */
export async function codeOfAsync(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/** The `code` of what `fn` throws, or `undefined`. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}
