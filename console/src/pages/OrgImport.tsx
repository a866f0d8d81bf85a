/**
 * 导入组织架构 / Organisation import: a units file (单位编号, 单位名称, 类型, 上级单位) checked in a
 * dry run, problems by row and column, then written all or nothing; the tree as it stands beside.
 */
import { Card, Col, Row, Table, Tag, Tree } from 'antd';
import { get } from '../api';
import { DryRunImport, type DryRunReport } from '../components/DryRunImport';
import { LoadError } from '../components/LoadError';
import { unitTree, type Unit } from '../components/units';
import { useLoad } from '../useLoad';

interface Report extends DryRunReport {
  counts: { create: number; update: number; unchanged: number };
  ignoredColumns: string[];
  units: {
    row: number;
    id: string;
    name: string;
    kind: string;
    parentId: string | null;
    action: string;
  }[];
}

const ACTIONS: Record<string, string> = {
  create: '新增 / create',
  update: '更新 / update',
  unchanged: '不变 / unchanged',
};

export function OrgImportPage() {
  const units = useLoad(() => get<Unit[]>('/units'), []);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card title="导入组织架构 / Import units">
          <DryRunImport<Report>
            url="/org/import"
            testId="org"
            chooseLabel="选择文件并试运行 / Choose a units file (dry run)"
            commitLabel="全部写入 / Write all units"
            allOrNothing
            onCommitted={units.reload}
            counts={({ counts: c, ignoredColumns }) =>
              `新增 create ${c.create} · 更新 update ${c.update} · 不变 unchanged ${c.unchanged}` +
              (ignoredColumns.length ? ` · 未使用的列 / ignored: ${ignoredColumns.join(', ')}` : '')
            }
          >
            {(report) => (
              <Table
                size="small"
                rowKey={(u) => `${u.row}-${u.id}`}
                dataSource={report.units}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: '行 / Row', dataIndex: 'row', width: 80 },
                  { title: '单位 / Unit', render: (_, u) => `${u.name}（${u.id}）` },
                  { title: '类型 / Kind', dataIndex: 'kind' },
                  { title: '上级 / Parent', dataIndex: 'parentId' },
                  {
                    title: '操作 / Action',
                    dataIndex: 'action',
                    render: (a: string) => <Tag>{ACTIONS[a] ?? a}</Tag>,
                  },
                ]}
              />
            )}
          </DryRunImport>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title="组织 / Units">
          {units.error ? (
            <LoadError error={units.error} />
          ) : (
            units.data && (
              <Tree data-testid="org-tree" defaultExpandAll treeData={unitTree(units.data)} />
            )
          )}
        </Card>
      </Col>
    </Row>
  );
}
