// The wasm core of one app exists only once the .wasm is loaded. Calls made before that wait here and
// run in call order, synchronously when the core is created, so that subscriptions made right after
// `init` see every event of work the core starts at once (the `detectSessionInUrl` redirect).

/**
 * `{ core, use(run, fail), fill(core), fail(error), failure, settle }`; `core` is null until `fill`, `failure`
 * undefined until `fail`; `settle` is set with an app-supplied storage adapter (storage.js, used by auth.js).
 */
export function coreSlot() {
  const waiting = [];
  const slot = {
    core: null,
    /** `run(core)` now or once the core exists; `fail(error)` if it never will. */
    use(run, fail) {
      if (slot.core) return run(slot.core);
      if (slot.failure) return fail(slot.failure);
      waiting.push([run, fail]);
    },
    fill(core) {
      slot.core = core;
      for (const [run] of waiting.splice(0)) run(core);
    },
    fail(error) {
      slot.failure = error;
      for (const [, fail] of waiting.splice(0)) fail(error);
    },
  };
  return slot;
}
