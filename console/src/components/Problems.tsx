/** Problems of an uploaded sheet, one line each, by row and column as the spreadsheet shows them. */
import { Table } from 'antd';

export interface RowProblem {
  row: number;
  column?: string;
  field?: string;
  code?: string;
  message: string;
  value?: string;
}

export function ProblemsTable({ problems }: { problems: RowProblem[] }) {
  return (
    <Table<RowProblem>
      data-testid="problems"
      size="small"
      rowKey={(p, i) => `${p.row}-${p.column ?? ''}-${i}`}
      dataSource={problems}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: '行 / Row', dataIndex: 'row', width: 80 },
        { title: '列 / Column', dataIndex: 'column', width: 140 },
        { title: '问题 / Problem', dataIndex: 'message' },
        { title: '原值 / Value', dataIndex: 'value', width: 160 },
      ]}
    />
  );
}
