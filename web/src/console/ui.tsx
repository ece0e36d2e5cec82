import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

/** Loads on mount and whenever `key` changes; keeps the last answer while the next loads. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) =>
        live &&
        setState({
          loading: false,
          error: e instanceof ApiError || e instanceof Error ? e.message : String(e),
        }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

export function Problem({ error }: { error?: string }) {
  return error ? (
    <p class="problem" role="alert">
      {error}
    </p>
  ) : null;
}

/** What stands where an answer is still coming. */
export const LOADING_TEXT = '加载中… Loading…';

export function Loading({ when }: { when: boolean }) {
  return when ? (
    <p class="loading" aria-live="polite">
      {LOADING_TEXT}
    </p>
  ) : null;
}

export function Field(props: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

export function Pager(props: {
  total: number;
  shown: number;
  hasNext: boolean;
  hasPrev: boolean;
  onNext: () => void;
  onPrev: () => void;
}) {
  return (
    <nav class="pager" aria-label="分页 Pages">
      <button type="button" disabled={!props.hasPrev} onClick={props.onPrev}>
        ‹ 上一页 Previous
      </button>
      <span>
        共 {props.total} 条 · 本页 {props.shown} / {props.total} in all
      </span>
      <button type="button" disabled={!props.hasNext} onClick={props.onNext}>
        下一页 Next ›
      </button>
    </nav>
  );
}

/** Cursor pagination: a stack of the cursors each page started after. */
export function useCursors(reset: string) {
  const [state, setState] = useState<{ reset: string; stack: (string | null)[] }>({
    reset,
    stack: [null],
  });
  // New filters start at the first page, in the same render (no query with a stale cursor).
  const stack = state.reset === reset ? state.stack : [null];
  return {
    after: stack[stack.length - 1],
    hasPrev: stack.length > 1,
    next: (cursor: string | null | undefined) => {
      if (cursor) setState({ reset, stack: [...stack, cursor] });
    },
    prev: () => setState({ reset, stack: stack.slice(0, -1) }),
  };
}

/**
 * One page of a list: the cursors (reset when `key`, the filters, changes) and the page loaded with
 * the current cursor. Every paginated list of the console is this.
 */
export function usePage<T>(key: string, load: (after: string | null) => Promise<T>) {
  const cursors = useCursors(key);
  const page = useLoad(() => load(cursors.after), `${key}|${cursors.after}`);
  return { cursors, page };
}
