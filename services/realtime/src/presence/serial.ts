/** Runs tasks with the same key one after another (in call order); other keys run freely. */
export function createSerial() {
  const tails = new Map<string, Promise<unknown>>();
  return function serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const next = (tails.get(key) ?? Promise.resolve()).catch(() => {}).then(work);
    tails.set(key, next);
    const forget = () => {
      if (tails.get(key) === next) tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  };
}
