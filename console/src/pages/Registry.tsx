/** 人才库 / Registry: the units as a tree, and people searched by name, unit, role and level. */
import { Button, Card, Col, Form, Input, Row, Space, Tag, Tree } from 'antd';
import { useState } from 'react';
import { get, query } from '../api';
import { useCanWrite } from '../auth';
import { DataTable } from '../components/DataTable';
import { LoadError } from '../components/LoadError';
import { unitTree, type Unit } from '../components/units';
import { navigate } from '../router';
import { useLoad } from '../useLoad';

interface Person {
  id: string;
  name: string;
  unitName: string;
  roleZh: string;
  levelsZh: string[];
  active: boolean;
}

interface Search {
  name?: string;
  role?: string;
  level?: string;
}

export function RegistryPage() {
  const canWrite = useCanWrite();
  const [unitId, setUnitId] = useState<string>();
  const [search, setSearch] = useState<Search>({});
  const units = useLoad(() => get<Unit[]>('/units'), []);
  const people = useLoad(
    () =>
      get<{ total: number; people: Person[] }>(
        `/people${query({ ...search, unitId, limit: 200 })}`,
      ),
    [unitId, search],
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card title="组织 / Units">
          {units.error ? (
            <LoadError error={units.error} />
          ) : (
            units.data && (
              <Tree
                data-testid="unit-tree"
                defaultExpandAll
                treeData={unitTree(units.data)}
                selectedKeys={unitId ? [unitId] : []}
                onSelect={(keys) => setUnitId(keys[0] as string | undefined)}
              />
            )
          )}
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card
          title="人员 / People"
          extra={
            canWrite && (
              <Space wrap>
                <Button onClick={() => navigate('/registry/import')} data-testid="roster-import">
                  导入名册 / Import a roster
                </Button>
                <Button onClick={() => navigate('/registry/org-import')} data-testid="org-import">
                  导入组织架构 / Import units
                </Button>
              </Space>
            )
          }
        >
          <Form layout="inline" onFinish={(v: Search) => setSearch(v)} style={{ marginBottom: 12 }}>
            <Form.Item name="name">
              <Input placeholder="姓名 / name" allowClear id="search-name" />
            </Form.Item>
            <Form.Item name="role">
              <Input placeholder="岗位 / role (督导…)" allowClear />
            </Form.Item>
            <Form.Item name="level">
              <Input placeholder="证书 / level (社会工作师…)" allowClear />
            </Form.Item>
            <Button htmlType="submit" type="primary">
              查询 / Search
            </Button>
          </Form>
          <DataTable<Person>
            loaded={people}
            rows={people.data?.people}
            testId="people"
            rowKey="id"
            footer={() => `共 ${people.data?.total ?? 0} 人 / people`}
            onRow={(p) => ({
              onClick: () => navigate(`/people/${p.id}`),
              style: { cursor: 'pointer' },
            })}
            columns={[
              { title: '编号 / Id', dataIndex: 'id' },
              { title: '姓名 / Name', dataIndex: 'name' },
              { title: '单位 / Unit', dataIndex: 'unitName' },
              { title: '岗位 / Role', dataIndex: 'roleZh' },
              {
                title: '证书 / Levels',
                dataIndex: 'levelsZh',
                render: (l: string[]) => l.map((x) => <Tag key={x}>{x}</Tag>),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
