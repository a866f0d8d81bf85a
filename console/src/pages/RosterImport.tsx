/**
 * 导入名册 / Roster import: choose the file, see the dry run (what would be created, updated,
 * and every problem by row and column), then write the valid rows.
 */
import { Card, Table, Tag } from 'antd';
import { DryRunImport, type DryRunReport } from '../components/DryRunImport';

interface Report extends DryRunReport {
  counts: { create: number; update: number; unchanged: number; invalid: number };
  outcomes: { row: number; personId: string; name: string; action: string; changes: string[] }[];
}

export function RosterImportPage() {
  return (
    <Card title="导入名册 / Import a roster">
      <DryRunImport<Report>
        url="/registry/import"
        testId="roster"
        chooseLabel="选择文件并试运行 / Choose a file (dry run)"
        commitLabel="写入有效行 / Write the valid rows"
        counts={({ counts: c }) =>
          `新增 create ${c.create} · 更新 update ${c.update} · 不变 unchanged ${c.unchanged} · 有误 invalid ${c.invalid}`
        }
      >
        {(report) => (
          <Table
            size="small"
            rowKey={(o) => `${o.row}-${o.personId}`}
            dataSource={report.outcomes}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '行 / Row', dataIndex: 'row', width: 80 },
              { title: '人员 / Person', render: (_, o) => `${o.name}（${o.personId}）` },
              {
                title: '操作 / Action',
                dataIndex: 'action',
                render: (a: string) => <Tag>{a}</Tag>,
              },
              {
                title: '变更 / Changes',
                dataIndex: 'changes',
                render: (ch: string[]) => ch.join('；'),
              },
            ]}
          />
        )}
      </DryRunImport>
    </Card>
  );
}
