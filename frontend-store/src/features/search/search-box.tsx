'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { fetchSuggestions, MIN_QUERY_LENGTH, type Suggestions } from './suggestions';

const DEBOUNCE_MS = 200;
const EMPTY: Suggestions = { items: [], correctedQuery: null };

/** The site search: an ARIA 1.2 combobox suggesting products as the shopper types. */
export function SearchBox() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const currentQuery = pathname === '/search' ? (searchParams.get('q') ?? '') : '';
  const [query, setQuery] = useState(currentQuery);
  const [suggestions, setSuggestions] = useState<Suggestions>(EMPTY);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useRef(false);
  const id = useId();
  const listboxId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    setQuery(currentQuery);
  }, [currentQuery]);

  useEffect(() => {
    const words = query.trim();
    if (!typed.current || words.length < MIN_QUERY_LENGTH) {
      setSuggestions(EMPTY);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchSuggestions(words, controller.signal)
        .then((result) => {
          setSuggestions(result);
          setActive(-1);
          setOpen(true);
        })
        .catch(() => {});
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const expanded = open && suggestions.items.length > 0;

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function openProduct(slug: string) {
    close();
    typed.current = false;
    router.push(`/product/${slug}`);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = expanded && active >= 0 ? suggestions.items[active] : undefined;
    if (chosen) return openProduct(chosen.slug);
    const words = query.trim();
    close();
    typed.current = false;
    router.push(words ? `/search?${new URLSearchParams({ q: words })}` : '/search');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = suggestions.items.length;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!count) return;
      setOpen(true);
      setActive((index) => (index + 1) % count);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (!count) return;
      setOpen(true);
      setActive((index) => (index <= 0 ? count - 1 : index - 1));
    } else if (event.key === 'Escape' && expanded) {
      // The first Escape only closes the suggestions; the browser's own Escape then clears the field.
      event.preventDefault();
      close();
    }
  }

  return (
    <search className="relative block w-full">
      <form action="/search" onSubmit={submit}>
        <label htmlFor={`${id}-input`} className="sr-only">
          Search products
        </label>
        <input
          id={`${id}-input`}
          type="search"
          name="q"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          placeholder="Search products"
          value={query}
          maxLength={200}
          onChange={(event) => {
            typed.current = true;
            setQuery(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={close}
          className="h-10 w-full rounded-md border border-slate-400 bg-white pr-20 pl-3 text-sm placeholder:text-slate-600"
        />
        <button
          type="submit"
          className="absolute top-1 right-1 h-8 rounded bg-blue-800 px-3 text-sm font-medium text-white hover:bg-blue-900"
        >
          Search
        </button>
        <div
          id={listboxId}
          role="listbox"
          aria-label="Suggestions"
          hidden={!expanded}
          className="absolute top-11 right-0 left-0 z-30 max-h-96 overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg"
        >
          {suggestions.items.map((item, index) => (
            <div
              key={item.slug}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => openProduct(item.slug)}
              onKeyDown={() => {}}
              className={`cursor-pointer px-3 py-2 text-sm ${index === active ? 'bg-blue-100' : 'hover:bg-slate-100'}`}
            >
              <span className="block font-medium text-slate-900">{item.title}</span>
              {item.category && <span className="block text-xs text-slate-600">{item.category}</span>}
            </div>
          ))}
        </div>
        <p className="sr-only" role="status" aria-live="polite">
          {expanded
            ? `${suggestions.items.length} suggestion${suggestions.items.length === 1 ? '' : 's'}${suggestions.correctedQuery ? ` for ${suggestions.correctedQuery}` : ''}; use the arrow keys to choose`
            : ''}
        </p>
      </form>
    </search>
  );
}
