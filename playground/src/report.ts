// DOM helpers that write results in the shape the e2e tests read (see README in this folder).
// Labels (package name, attack id, outcome) are drawn by CSS from the data attributes, so an element's text is
// exactly the result, evidence or error message.

export function row(listId: string, attribute: 'pkg' | 'attack', key: string, extra: Record<string, string> = {}): HTMLLIElement {
  const list = document.getElementById(listId);
  if (!list) throw new Error(`#${listId} is missing`);
  const li = document.createElement('li');
  li.dataset[attribute] = key;
  for (const [name, value] of Object.entries(extra)) li.dataset[name] = value;
  list.append(li);
  return li;
}

/** `name` and `message` of anything thrown, without trusting it to be an Error. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error !== null && typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(error) };
  }
  return { name: typeof error, message: String(error) };
}

/** Rejects with an `AttackTimeout`/`Timeout` error when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, name = 'Timeout'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer after ${ms} ms`);
      error.name = name;
      reject(error);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
