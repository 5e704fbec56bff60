// A tiny observable store (no extra dependency) and its Preact hook.
import { useEffect, useState } from 'preact/hooks'

export interface Store<T> {
  get(): T
  set(next: T | ((prev: T) => T)): void
  update(patch: Partial<T>): void
  subscribe(fn: (v: T) => void): () => void
}

export function createStore<T extends object>(initial: T): Store<T> {
  let value = initial
  const subs = new Set<(v: T) => void>()
  const store: Store<T> = {
    get: () => value,
    set(next) {
      const v = typeof next === 'function' ? (next as (p: T) => T)(value) : next
      if (v === value) return
      value = v
      for (const fn of [...subs]) fn(value)
    },
    update(patch) {
      let changed = false
      for (const k in patch) if ((patch as Record<string, unknown>)[k] !== (value as Record<string, unknown>)[k]) changed = true
      if (changed) store.set({ ...value, ...patch })
    },
    subscribe(fn) {
      subs.add(fn)
      return () => subs.delete(fn)
    },
  }
  return store
}

/** Re-renders when the selected slice changes (compared with ===). */
export function useStore<T extends object, S = T>(store: Store<T>, select?: (v: T) => S): S {
  const pick = (v: T) => (select ? select(v) : (v as unknown as S))
  const [slice, setSlice] = useState(() => pick(store.get()))
  useEffect(() => {
    setSlice(() => pick(store.get()))
    return store.subscribe((v) => setSlice(() => pick(v)))
    // `pick` is left out on purpose: a new closure each render must not resubscribe
  }, [store])
  return slice
}
