// Per-page state that is not rendered (the complaint id, the signed-in account, a request id…). It
// must live with the page instance, not in a module-level `let`: WeChat runs a page's module once and
// every copy of that page on the navigation stack (投诉详情 opened from a card, then again from a
// notification) shares its module scope. A WeakMap keyed by the instance gives each copy its own state
// and lets it go with the page, without putting it in `data` (setData sends only what renders).

/**
 * `const state = instanceState(() => ({ id: '' }))` at module level, then `state(this).id` inside the
 * page: the first access from an instance creates its own state with `init`.
 */
export function instanceState<T extends object>(init: () => T): (instance: object) => T {
  const states = new WeakMap<object, T>();
  return (instance) => {
    let state = states.get(instance);
    if (!state) {
      state = init();
      states.set(instance, state);
    }
    return state;
  };
}
