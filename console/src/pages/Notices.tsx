/**
 * 通知 / Notices: the outbox by person, template and status; failed and unconfirmed ones with
 * their reason, and for an admin a resend (one new attempt; a sent notice is never sent again).
 */
import { App, Button, Card, Form, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import { get, post, query } from '../api';
import { useAuth } from '../auth';
import { DataTable } from '../components/DataTable';
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
  resendable: boolean;
  createdAt: string;
  sentAt: string | null;
}

interface Filter {
  personId?: string;
  template?: string;
  status?: string;
}

const STATUSES: Record<string, { label: string; color?: string }> = {
  pending: { label: '待发送 / pending', color: 'blue' },
  sending: { label: '发送中 / sending', color: 'orange' },
  sent: { label: '已发送 / sent', color: 'green' },
  failed: { label: '失败 / failed', color: 'red' },
  unconfirmed: { label: '未确认 / unconfirmed', color: 'volcano' },
  skipped: { label: '已跳过 / skipped' },
  cancelled: { label: '已取消 / cancelled' },
};

export function NoticesPage() {
  const { message } = App.useApp();
  const isAdmin = useAuth().user?.role === 'admin';
  const [filter, setFilter] = useState<Filter>({});
  const [busy, setBusy] = useState<number>();
  const list = useLoad(
    () => get<{ total: number; notices: Notice[] }>(`/notices${query({ ...filter, limit: 200 })}`),
    [filter],
    10000,
  );
  const resend = async (n: Notice) => {
    setBusy(n.id);
    try {
      const r = await post<{ status: string }>(`/notices/${n.id}/resend`);
      message.success(`已重发通知 ${n.id}：${r.status} / notice ${n.id} resent: ${r.status}`);
      list.reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
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
            id="notice-status"
            placeholder="状态 / status"
            style={{ width: 200 }}
            options={Object.entries(STATUSES).map(([value, s]) => ({ value, label: s.label }))}
          />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          查询 / Search
        </Button>
      </Form>
      <DataTable<Notice>
        loaded={list}
        rows={list.data?.notices}
        rowKey="id"
        testId="notices"
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
            render: (s: string) => (
              <Tag color={STATUSES[s]?.color} data-testid="notice-status">
                {STATUSES[s]?.label ?? s}
              </Tag>
            ),
          },
          { title: '尝试 / Attempts', dataIndex: 'attempts' },
          { title: '原因 / Reason', dataIndex: 'lastError' },
          ...(isAdmin
            ? [
                {
                  title: '操作 / Action',
                  render: (_: unknown, n: Notice) =>
                    n.resendable && (
                      <Button
                        size="small"
                        loading={busy === n.id}
                        data-testid={`resend-${n.id}`}
                        onClick={() => void resend(n)}
                      >
                        重发 / Resend
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
