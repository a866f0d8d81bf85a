/** 通知 / Notices: the outbox by person, template and status; failed ones with their reason. */
import { Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { get, query } from '../api';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../useLoad';

interface Notice {
  id: number;
  personId: string;
  personName: string;
  template: string;
  status: string;
  subject: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface Filter {
  personId?: string;
  template?: string;
  status?: string;
}

const COLORS: Record<string, string> = {
  sent: 'green',
  failed: 'red',
  pending: 'blue',
  sending: 'orange',
};

export function NoticesPage() {
  const [filter, setFilter] = useState<Filter>({});
  const list = useLoad(
    () => get<{ total: number; notices: Notice[] }>(`/notices${query({ ...filter, limit: 200 })}`),
    [filter],
    10000,
  );
  return (
    <Card title="通知记录 / Notices outbox">
      <Form layout="inline" onFinish={(v: Filter) => setFilter(v)} style={{ marginBottom: 12 }}>
        <Form.Item name="personId">
          <Input placeholder="人员编号 / person id" allowClear />
        </Form.Item>
        <Form.Item name="template">
          <Input placeholder="模板 / template" allowClear />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder="状态 / status"
            style={{ width: 180 }}
            options={['pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'].map((s) => ({
              value: s,
              label: s,
            }))}
          />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          查询 / Search
        </Button>
      </Form>
      {list.error ? (
        <LoadError error={list.error} />
      ) : (
        <Table<Notice>
          size="small"
          rowKey="id"
          dataSource={list.data?.notices}
          footer={() => `共 ${list.data?.total ?? 0} 条 / notices`}
          columns={[
            {
              title: '时间 / Created',
              dataIndex: 'createdAt',
              render: (s: string) => new Date(s).toLocaleString('zh-CN'),
            },
            { title: '人员 / Person', render: (_, n) => `${n.personName}（${n.personId}）` },
            { title: '模板 / Template', dataIndex: 'template' },
            { title: '主题 / Subject', dataIndex: 'subject' },
            {
              title: '状态 / Status',
              dataIndex: 'status',
              render: (s: string) => <Tag color={COLORS[s]}>{s}</Tag>,
            },
            { title: '尝试 / Attempts', dataIndex: 'attempts' },
            { title: '原因 / Reason', dataIndex: 'lastError' },
          ]}
        />
      )}
    </Card>
  );
}
