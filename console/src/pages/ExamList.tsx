/**
 * 报考动员 / Exam campaigns: every campaign with its progress, and starting a new one from its
 * definition (the same JSON `yz exam start --file` takes; the server checks it field by field).
 */
import { Alert, Button, Card, Input, Modal, Progress, Tag } from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { useCanWrite } from '../auth';
import { DataTable } from '../components/DataTable';
import { statusName, type ProgramSummary } from '../components/programs';
import { navigate } from '../router';
import { useLoad } from '../useLoad';

/** A starting point for a new definition: registration open from today for three weeks. */
function template(): string {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const year = new Date().getFullYear() + 1;
  return JSON.stringify(
    {
      id: `campaign-${year}`,
      name: `${year}年度社会工作者职业资格考试报考动员`,
      examYear: year,
      levels: ['assistant_social_worker'],
      registrationWindow: { opens: day(0), closes: day(21) },
      examDates: { comprehensive_junior: day(60), practice_junior: day(60) },
      cohort: { unitIds: [] },
    },
    null,
    2,
  );
}

function StartCampaign({ onStarted }: { onStarted: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(template);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setError(undefined);
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (e) {
      setError(`方案不是有效的 JSON / the definition is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setBusy(true);
    try {
      const r = await post<{ id?: string; campaignId?: string }>('/exam-campaigns', definition);
      setOpen(false);
      onStarted(r.id ?? r.campaignId ?? (definition as { id: string }).id);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="start-campaign">
        发起动员 / Start a campaign
      </Button>
      <Modal
        open={open}
        title="发起报考动员 / Start an exam campaign"
        okText="发起 / Start"
        cancelText="取消 / Cancel"
        confirmLoading={busy}
        onOk={() => void start()}
        onCancel={() => setOpen(false)}
        width={720}
      >
        <p>
          动员方案（JSON，与 `yz exam start --file` 相同）/ the campaign definition, as the CLI
          takes it:
        </p>
        <Input.TextArea
          data-testid="definition"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 12, maxRows: 24 }}
          style={{ fontFamily: 'monospace' }}
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Modal>
    </>
  );
}

export function ExamListPage() {
  const canWrite = useCanWrite();
  const list = useLoad(() => get<ProgramSummary[]>('/programs?kind=exam&all=true'), [], 5000);
  return (
    <Card
      title="报考动员 / Exam campaigns"
      extra={canWrite && <StartCampaign onStarted={(id) => navigate(`/exam/${id}`)} />}
    >
      <DataTable<ProgramSummary>
        loaded={list}
        rows={list.data}
        rowKey="id"
        pagination={false}
        onRow={(p) => ({
          onClick: () => navigate(`/exam/${p.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: '编号 / Id', dataIndex: 'id' },
          { title: '名称 / Name', dataIndex: 'title' },
          {
            title: '状态 / Status',
            dataIndex: 'status',
            render: (s: string) => <Tag>{statusName(s)}</Tag>,
          },
          {
            title: '进度 / Progress',
            render: (_, p) => (
              <Progress
                percent={
                  p.progress.total ? Math.round((100 * p.progress.done) / p.progress.total) : 0
                }
                format={() => `${p.progress.done}/${p.progress.total}`}
              />
            ),
          },
          { title: '发起人 / By', dataIndex: 'createdBy' },
        ]}
      />
    </Card>
  );
}
