/**
 * 督导带教 / Mentoring: the programs, and one program's pairs, mentor load (a chart), closures by
 * reason and each pair's session log; a coordinator closes a pair with a reason (kept in the
 * database) and the registry person who closed it.
 */
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Space,
  Statistic,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { useCanWrite } from '../auth';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { LoadError } from '../components/LoadError';
import { statusName, type ProgramSummary } from '../components/programs';
import { navigate } from '../router';
import { useLoad } from '../useLoad';

interface Report {
  programId: string;
  title: string;
  status: string;
  pairs: { active: number; atRisk: number; completed: number; closed: number };
  closedReasons: Record<string, number>;
  sessions: { planned: number; held: number; missed: number };
  mentorLoad: { mentorId: string; open: number; total: number; held: number }[];
  rows: {
    pairId: string;
    menteeId: string;
    mentorId: string;
    status: string;
    closedReason: string | null;
    planned: number;
    held: number;
    missed: number;
  }[];
}
interface Pair {
  pairId: string;
  status: string;
  closedReason?: string | null;
  mentorId?: string;
  menteeId: string;
  names: Record<string, string>;
  sessions?: { seq: number; at: string; status: string }[];
}

const PAIR_STATUS: Record<string, string> = {
  active: '进行中 / active',
  at_risk: '预警 / at risk',
  completed: '已完成 / completed',
  closed: '已关闭 / closed',
};
const SESSION_STATUS: Record<string, string> = {
  planned: '计划 / planned',
  held: '已开展 / held',
  missed: '未开展 / missed',
};
const pairStatus = (s: string) => PAIR_STATUS[s] ?? s;

export function MentoringListPage() {
  const list = useLoad(() => get<ProgramSummary[]>('/programs?kind=mentoring&all=true'), [], 10000);
  return (
    <Card title="督导带教项目 / Mentoring programs">
      <DataTable<ProgramSummary>
        loaded={list}
        rows={list.data}
        rowKey="id"
        testId="mentoring-programs"
        onRow={(p) => ({
          onClick: () => navigate(`/mentoring/${p.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: '编号 / Id', dataIndex: 'id' },
          { title: '名称 / Title', dataIndex: 'title' },
          {
            title: '状态 / Status',
            dataIndex: 'status',
            render: (s: string) => <Tag>{statusName(s)}</Tag>,
          },
          {
            title: '进度 / Progress',
            render: (_, p) => `${p.progress.done}/${p.progress.total} ${p.progress.label}`,
          },
        ]}
      />
    </Card>
  );
}

function PairDrawer({ pairId, onClose }: { pairId: string; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const canWrite = useCanWrite();
  const pair = useLoad(() => get<Pair>(`/mentoring/pairs/${encodeURIComponent(pairId)}`), [pairId]);
  const [busy, setBusy] = useState(false);
  const close = async (v: { reason: string; closedBy: string }) => {
    setBusy(true);
    try {
      await post(`/mentoring/pairs/${encodeURIComponent(pairId)}/close`, v);
      message.success(`已关闭结对 / pair closed: ${pairId}`);
      onClose(true);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const p = pair.data;
  const who = (id?: string) => (id ? `${p?.names[id] ?? ''}（${id}）` : '—');
  return (
    <Drawer open title={pairId} size="large" onClose={() => onClose(false)}>
      {pair.error && <LoadError error={pair.error} />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="pair">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="学员 / Mentee">{who(p.menteeId)}</Descriptions.Item>
            <Descriptions.Item label="导师 / Mentor">{who(p.mentorId)}</Descriptions.Item>
            <Descriptions.Item label="状态 / Status">
              <Tag data-testid="pair-status">{pairStatus(p.status)}</Tag>
              {p.closedReason ? ` ${p.closedReason}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title="带教记录 / Session log">
            <Timeline
              items={(p.sessions ?? []).map((s) => ({
                key: s.seq,
                content: `#${s.seq} ${new Date(s.at).toLocaleString('zh-CN')} · ${SESSION_STATUS[s.status] ?? s.status}`,
              }))}
            />
          </Card>
          {canWrite && (p.status === 'active' || p.status === 'at_risk') && (
            <Card size="small" title="关闭结对 / Close the pair">
              <Form
                layout="vertical"
                onFinish={(v: { reason: string; closedBy: string }) => void close(v)}
              >
                <Form.Item
                  name="reason"
                  label="原因（仅存数据库）/ Reason (kept in the database)"
                  rules={[{ required: true, message: '请填写原因 / give a reason' }]}
                >
                  <Input id="close-reason" />
                </Form.Item>
                <Form.Item
                  name="closedBy"
                  label="关闭人（人员编号）/ Closed by (person id)"
                  rules={[{ required: true, message: '请填写人员编号 / give a person id' }]}
                >
                  <Input id="close-by" placeholder="p-000040" />
                </Form.Item>
                <Button danger htmlType="submit" loading={busy} data-testid="close-pair">
                  关闭结对 / Close pair
                </Button>
              </Form>
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}

export function MentoringProgramPage({ id }: { id: string }) {
  const [open, setOpen] = useState<string>();
  const report = useLoad(
    () => get<Report>(`/mentoring/programs/${encodeURIComponent(id)}/report`),
    [id],
  );
  if (report.error) return <LoadError error={report.error} />;
  const r = report.data;
  if (!r) return <Card loading />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`${r.title}（${r.programId}）`}
        extra={
          <Space>
            <Tag>{statusName(r.status)}</Tag>
            <a href={`/mentoring/programs/${encodeURIComponent(id)}/report?format=xlsx`}>
              导出 / Export XLSX
            </a>
          </Space>
        }
      >
        <Space wrap size="large" data-testid="pair-counts">
          <Statistic title="进行中 / Active" value={r.pairs.active} />
          <Statistic title="预警 / At risk" value={r.pairs.atRisk} />
          <Statistic title="已完成 / Completed" value={r.pairs.completed} />
          <Statistic title="已关闭 / Closed" value={r.pairs.closed} />
          <Statistic title="已开展 / Sessions held" value={r.sessions.held} />
          <Statistic title="未开展 / Missed" value={r.sessions.missed} />
        </Space>
        {Object.keys(r.closedReasons).length > 0 && (
          <p data-testid="closed-reasons">
            关闭原因 / Closures:{' '}
            {Object.entries(r.closedReasons).map(([k, v]) => (
              <Tag key={k}>{`${k} ${v}`}</Tag>
            ))}
          </p>
        )}
      </Card>
      <Card title="导师负荷 / Mentor load">
        <Chart
          testId="mentor-load"
          height={240}
          option={{
            tooltip: {},
            legend: { data: ['在带 / open', '累计 / total'] },
            xAxis: { type: 'category', data: r.mentorLoad.map((m) => m.mentorId) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { name: '在带 / open', type: 'bar', data: r.mentorLoad.map((m) => m.open) },
              { name: '累计 / total', type: 'bar', data: r.mentorLoad.map((m) => m.total) },
            ],
          }}
        />
      </Card>
      <Card title="结对 / Pairs">
        <DataTable
          loaded={report}
          rows={r.rows}
          rowKey="pairId"
          testId="pairs"
          onRow={(p) => ({ onClick: () => setOpen(p.pairId), style: { cursor: 'pointer' } })}
          columns={[
            { title: '结对 / Pair', dataIndex: 'pairId' },
            { title: '学员 / Mentee', dataIndex: 'menteeId' },
            { title: '导师 / Mentor', dataIndex: 'mentorId' },
            {
              title: '状态 / Status',
              dataIndex: 'status',
              render: (s: string) => <Tag>{pairStatus(s)}</Tag>,
            },
            { title: '关闭原因 / Closed', dataIndex: 'closedReason' },
            { title: '已开展 / Held', dataIndex: 'held' },
            { title: '未开展 / Missed', dataIndex: 'missed' },
          ]}
        />
      </Card>
      {open && (
        <PairDrawer
          pairId={open}
          onClose={(changed) => {
            setOpen(undefined);
            if (changed) report.reload();
          }}
        />
      )}
    </Space>
  );
}
