import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n.js';
import type { usePaged } from './hooks.js';
import { Loaded, Pager } from './widgets.js';

type PagedState<T> = ReturnType<typeof usePaged<T>>;

/** Loading, a problem, or one page of items followed by the previous/next controls. */
export function Paged<T>({
  list,
  children,
}: {
  list: PagedState<T>;
  children: (items: T[]) => ComponentChildren;
}) {
  return (
    <Loaded state={list}>
      {(page) => (
        <>
          {children(page.items)}
          <Pager page={list.page} hasNext={list.hasNext} next={list.next} previous={list.previous} />
        </>
      )}
    </Loaded>
  );
}

/** A captioned table of one page of items ("none" when empty) with the pager below it. */
export function PagedTable<T>({
  list,
  caption,
  columns,
  rowKey,
  rowClass,
  row,
}: {
  list: PagedState<T>;
  caption: ComponentChildren;
  /** The column headings, in order. */
  columns: readonly string[];
  rowKey: (item: T, index: number) => string;
  rowClass?: (item: T) => string | undefined;
  /** The row's cells (`<td>`s). */
  row: (item: T) => ComponentChildren;
}) {
  return (
    <Paged list={list}>
      {(items) => (
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={columns.length}>{t('none')}</td>
              </tr>
            )}
            {items.map((item, i) => (
              <tr key={rowKey(item, i)} class={rowClass?.(item)}>
                {row(item)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Paged>
  );
}

/** One page of items each rendered on its own (cards, sections), "none" when empty, the pager below. */
export function PagedList<T>({ list, item }: { list: PagedState<T>; item: (item: T) => ComponentChildren }) {
  return (
    <Paged list={list}>
      {(items) => (
        <>
          {items.length === 0 && <p>{t('none')}</p>}
          {items.map(item)}
        </>
      )}
    </Paged>
  );
}
