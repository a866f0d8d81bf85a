/**
 * The console's one list: rows a page loaded, in a small table (20 a page), or the load's error
 * in words. Every list page shows its rows through it.
 */
import { Table, type TableProps } from 'antd';
import type { Loaded } from '../useLoad';
import { LoadError } from './LoadError';

export function DataTable<T extends object>({
  loaded,
  rows,
  testId,
  ...props
}: Omit<TableProps<T>, 'dataSource'> & {
  loaded: Pick<Loaded<unknown>, 'error' | 'loading'>;
  rows: T[] | undefined;
  testId?: string;
}) {
  if (loaded.error) return <LoadError error={loaded.error} />;
  return (
    <Table<T>
      size="small"
      data-testid={testId}
      loading={loaded.loading && !rows}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      {...props}
    />
  );
}
