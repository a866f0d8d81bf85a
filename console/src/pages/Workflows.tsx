/**
 * 工作流 / Workflows for an admin: those that failed, timed out or were terminated, those stuck
 * on a step being retried (with the step and its last failure), and those running, with the
 * business timeline of the one chosen and its link to the Temporal Web UI.
 */
import { Card, Drawer, Segmented, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { get, query } from '../api';
import { DataTable } from '../components/DataTable';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../useLoad';

interface Workflow {
  workflowId: string;
  type: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  historyLength: number;
  /** Stuck ones: the step retried, its attempt, the last failure. */
  activity?: string;
  attempt?: number;
  lastFailure?: string | null;
}

interface Story {
  workflowId: string;
  status: string;
  url: string;
  lines: { eventId: number; time: string; kind: string; text?: string }[];
}

const VIEWS = [
  { value: 'Failed', label: '失败 / Failed' },
  { value: 'Stuck', label: '卡住 / Stuck' },
  { value: 'TimedOut', label: '超时 / Timed out' },
  { value: 'Terminated', label: '已终止 / Terminated' },
  { value: 'Running', label: '运行中 / Running' },
];

function History({ id, onClose }: { id: string; onClose: () => void }) {
  const story = useLoad(() => get<Story>(`/workflows/${encodeURIComponent(id)}/history`), [id]);
  return (
    <Drawer open title={id} size="large" onClose={onClose}>
      {story.error && <LoadError error={story.error} />}
      {story.data && (
        <>
          <p>
            <a
              href={story.data.url}
              target="_blank"
              rel="noreferrer"
              data-testid="temporal-ui-link"
            >
              在 Temporal Web UI 中查看 / Open in the Temporal Web UI
            </a>
          </p>
          <Timeline
            items={story.data.lines.map((l) => ({
              key: l.eventId,
              content: `${l.time} ${l.kind}${l.text ? ` — ${l.text}` : ''}`,
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

export function WorkflowsCard() {
  const [status, setStatus] = useState('Failed');
  const [open, setOpen] = useState<string>();
  const list = useLoad(
    () =>
      get<Workflow[]>(
        status === 'Stuck'
          ? '/workflows/stuck?limit=200'
          : `/workflows${query({ status, limit: 200 })}`,
      ),
    [status],
    15000,
  );
  return (
    <Card
      title="工作流 / Workflows"
      extra={<Segmented options={VIEWS} value={status} onChange={(v) => setStatus(v)} />}
    >
      <DataTable<Workflow>
        loaded={list}
        rows={list.data}
        rowKey="workflowId"
        testId="workflows"
        onRow={(w) => ({ onClick: () => setOpen(w.workflowId), style: { cursor: 'pointer' } })}
        columns={[
          { title: '工作流 / Workflow', dataIndex: 'workflowId' },
          { title: '类型 / Type', dataIndex: 'type' },
          { title: '状态 / Status', dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
          {
            title: '开始 / Started',
            dataIndex: 'startTime',
            render: (s: string) => new Date(s).toLocaleString('zh-CN'),
          },
          { title: '事件数 / Events', dataIndex: 'historyLength' },
          ...(status === 'Stuck'
            ? [
                { title: '重试步骤 / Step retried', dataIndex: 'activity' },
                { title: '第几次 / Attempt', dataIndex: 'attempt' },
                { title: '最近失败 / Last failure', dataIndex: 'lastFailure' },
              ]
            : []),
        ]}
      />
      {open && <History id={open} onClose={() => setOpen(undefined)} />}
    </Card>
  );
}
