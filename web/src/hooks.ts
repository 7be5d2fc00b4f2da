// Small hooks shared by the pages.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './errors';
import type { Page } from './types';

export interface PagedList<T> {
  items: T[];
  next: string | null;
  loading: boolean;
  error: string | null;
  /** Fetches the next page and appends it. */
  more: () => void;
  /** Starts again from the first page. */
  reload: () => void;
}

/**
 * A cursor-paged list. `fetchPage` is called with the cursor (null for the first page); pass a
 * new `deps` value to start over. With `enabled` false nothing is fetched.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  deps: unknown[],
  enabled = true,
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (cursor: string | null, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(cursor);
      if (mine !== generation.current) return;
      setItems((prev) => (append ? [...prev, ...page.items] : page.items));
      setNext(page.next ?? null);
    } catch (e) {
      if (mine !== generation.current) return;
      setError(errorText(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      generation.current++;
      setItems([]);
      setNext(null);
      setLoading(false);
      return;
    }
    void load(null, false);
  }, [enabled, load, ...deps]);

  return {
    items,
    next,
    loading,
    error,
    more: () => {
      if (next && !loading) void load(next, true);
    },
    reload: () => void load(null, false),
  };
}

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** Fetches again. */
  reload: () => void;
}

/**
 * One value fetched by `fetchValue`; a new `deps` value (or reload()) fetches again, keeping the
 * previous value until the new one arrives. Answers that arrive after a newer fetch started are
 * ignored. With `enabled` false nothing is fetched and `data` is null.
 */
export function useLoad<T>(fetchValue: () => Promise<T>, deps: unknown[], enabled = true): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchValue);
  fetchRef.current = fetchValue;

  useEffect(() => {
    const mine = ++generation.current;
    if (!enabled) {
      setData(null);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    setError(null);
    fetchRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setData(null);
        setError(errorText(e));
        setLoading(false);
      },
    );
  }, [enabled, round, ...deps]);

  return { data, loading, error, reload: () => setRound((r) => r + 1) };
}

/** The current time in ms, updated every `intervalMs` (live countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
