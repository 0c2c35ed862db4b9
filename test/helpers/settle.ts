/** Lets the callbacks that are ready run: promise reactions, and I/O that has already completed. */
export const settle = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether `promise` has settled, either way, once the callbacks that are ready have run. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await settle();
  return settled;
}
