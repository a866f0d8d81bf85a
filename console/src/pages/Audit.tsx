/** 审计记录 / The audit trail (admin): who did what to which records, from where; CSV export. */
import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { get, query } from '../api';
import { DataTable } from '../components/DataTable';
import { useLoad } from '../useLoad';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  targets: string[];
  before: unknown;
  after: unknown;
  ip: string | null;
}

interface Filter {
  actor?: string;
  action?: string;
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function AuditCard() {
  const [filter, setFilter] = useState<Filter>({});
  const list = useLoad(
    () => get<AuditRow[]>(`/audit${query({ ...filter, limit: 500 })}`),
    [filter],
    10000,
  );
  return (
    <Card
      title="审计记录 / Audit trail"
      extra={
        <Button href={`/audit${query({ ...filter, format: 'csv' })}`} data-testid="audit-csv">
          导出 CSV / Export
        </Button>
      }
    >
      <Form layout="inline" onFinish={(v: Filter) => setFilter(v)} style={{ marginBottom: 12 }}>
        <Form.Item name="actor">
          <Input placeholder="操作人 / username" allowClear id="audit-actor" />
        </Form.Item>
        <Form.Item name="action">
          <Input placeholder="操作 / action (POST /exam…)" allowClear />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          查询 / Search
        </Button>
      </Form>
      <DataTable<AuditRow>
        loaded={list}
        rows={list.data}
        testId="audit"
        rowKey="id"
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          {
            title: '时间 / At',
            dataIndex: 'at',
            render: (s: string) => new Date(s).toLocaleString('zh-CN'),
            width: 170,
          },
          { title: '操作人 / Actor', dataIndex: 'actor' },
          { title: '操作 / Action', dataIndex: 'action' },
          {
            title: '对象 / Targets',
            dataIndex: 'targets',
            render: (t: string[]) => t.join(', '),
          },
          {
            title: '变更 / Before → after',
            render: (_, r) => (
              <code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {r.before !== null && r.before !== undefined ? `${json(r.before)} → ` : ''}
                {json(r.after)}
              </code>
            ),
          },
          { title: '地址 / From', dataIndex: 'ip', width: 120 },
        ]}
      />
    </Card>
  );
}
