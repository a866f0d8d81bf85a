/**
 * 报考动员详情 / One exam campaign: live progress (polled), the funnel chart, notice waves with
 * due/queued/sent, the report per unit, controls (pause, resume, cancel, add people), uploads of
 * the registered list and the results with problems by row, and reward review.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  Popconfirm,
  Row,
  Space,
  Table,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { get, post } from '../api';
import { useAuth, useCanWrite } from '../auth';
import { Chart } from '../components/Chart';
import { LoadError } from '../components/LoadError';
import { statusName } from '../components/programs';
import { UploadSheet } from '../components/UploadSheet';
import { useLoad } from '../useLoad';

interface CampaignView {
  id: string;
  status: string;
  progress: {
    status: string;
    phase: string;
    invited: number;
    launched: number;
    wavesDone: string[];
    nextWave?: { wave: string; at: string };
    peopleWaiting: number;
  } | null;
  kpis: Record<string, number>;
  waves: {
    wave: string;
    dueAt: string;
    queuedAt: string | null;
    sentAt: string | null;
    recipients: number;
  }[];
}

interface ReportRow {
  id: string;
  name: string;
  mobilized: number;
  registered: number;
  sat: number;
  passed: number;
  passRate: number;
  rateNow: number;
  change: number;
}

interface Reward {
  personId: string;
  name: string;
  unitName: string;
  level: string;
  status: string;
}

const time = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN') : '—');

function Controls({ view, reload }: { view: CampaignView; reload: () => void }) {
  const { message } = App.useApp();
  const [people, setPeople] = useState('');
  const act = async (path: string, body: unknown = {}) => {
    try {
      await post(`/exam-campaigns/${encodeURIComponent(view.id)}/${path}`, body);
      message.success('已提交 / done');
      reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const s = view.status;
  return (
    <Space wrap>
      <Button disabled={s !== 'running'} onClick={() => void act('pause')} data-testid="pause">
        暂停 / Pause
      </Button>
      <Button disabled={s !== 'paused'} onClick={() => void act('resume')} data-testid="resume">
        恢复 / Resume
      </Button>
      <Popconfirm
        title="取消后不再发送任何通知。确定？/ No further notices. Cancel the campaign?"
        okText="确定 / Yes"
        cancelText="否 / No"
        onConfirm={() => void act('cancel')}
      >
        <Button danger disabled={s !== 'running' && s !== 'paused'}>
          取消动员 / Cancel
        </Button>
      </Popconfirm>
      <Space.Compact>
        <Input
          placeholder="追加人员编号，逗号分隔 / person ids to add"
          value={people}
          onChange={(e) => setPeople(e.target.value)}
          style={{ width: 260 }}
        />
        <Button
          disabled={!people.trim()}
          onClick={() =>
            void act('additions', { personIds: people.split(/[,，\s]+/).filter(Boolean) }).then(
              () => setPeople(''),
            )
          }
        >
          追加 / Add
        </Button>
      </Space.Compact>
    </Space>
  );
}

function Rewards({ id }: { id: string }) {
  const { message } = App.useApp();
  const { user } = useAuth();
  const canWrite = useCanWrite();
  const rewards = useLoad(
    () => get<Reward[]>(`/exam-campaigns/${encodeURIComponent(id)}/rewards`),
    [id],
  );
  const decide = async (personId: string, decision: 'approve' | 'reject') => {
    const reason =
      decision === 'reject' ? window.prompt('驳回理由 / reason for rejecting') : undefined;
    if (decision === 'reject' && !reason) return;
    try {
      await post(
        `/exam-campaigns/${encodeURIComponent(id)}/rewards/${encodeURIComponent(personId)}/decision`,
        {
          decision,
          ...(reason ? { reason } : {}),
          by: user!.username,
        },
      );
      rewards.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Table<Reward>
      size="small"
      rowKey="personId"
      dataSource={rewards.data}
      pagination={false}
      columns={[
        { title: '人员 / Person', render: (_, r) => `${r.name}（${r.personId}）` },
        { title: '单位 / Unit', dataIndex: 'unitName' },
        { title: '等级 / Level', dataIndex: 'level' },
        {
          title: '审核 / Decision',
          render: (_, r) =>
            canWrite && r.status === 'pending' ? (
              <Space>
                <Button size="small" onClick={() => void decide(r.personId, 'approve')}>
                  通过 / Approve
                </Button>
                <Button size="small" danger onClick={() => void decide(r.personId, 'reject')}>
                  驳回 / Reject
                </Button>
              </Space>
            ) : (
              <Tag>{r.status}</Tag>
            ),
        },
      ]}
    />
  );
}

export function ExamCampaignPage({ id }: { id: string }) {
  const canWrite = useCanWrite();
  const key = encodeURIComponent(id);
  const view = useLoad(() => get<CampaignView>(`/exam-campaigns/${key}/progress`), [id], 5000);
  const funnel = useLoad(
    () => get<Record<string, number>>(`/exam-campaigns/${key}/funnel`),
    [id],
    5000,
  );
  const report = useLoad(
    () => get<{ total: ReportRow; children: ReportRow[] }>(`/exam-campaigns/${key}/report`),
    [id],
  );
  const reloadAll = () => {
    view.reload();
    funnel.reload();
    report.reload();
  };
  const funnelOption = useMemo(() => {
    const t = report.data?.total;
    const steps: [string, number][] = t
      ? [
          ['动员 / mobilized', t.mobilized],
          ['报名 / registered', t.registered],
          ['参考 / sat', t.sat],
          ['通过 / passed', t.passed],
        ]
      : [];
    return {
      tooltip: { trigger: 'item' as const },
      series: [
        {
          type: 'funnel' as const,
          sort: 'none' as const,
          label: { formatter: '{b}: {c}' },
          data: steps.map(([name, value]) => ({ name, value })),
        },
      ],
    };
  }, [report.data]);

  if (view.error) return <LoadError error={view.error} />;
  const v = view.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`报考动员 / Exam campaign：${id}`}
        extra={
          v && (
            <Tag color={v.status === 'running' ? 'green' : 'orange'} data-testid="campaign-status">
              {statusName(v.status)}
            </Tag>
          )
        }
      >
        {v && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="阶段 / Phase">{v.progress?.phase ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="已邀请 / Invited">
              {v.progress?.invited ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="已启动 / Launched">
              {v.progress?.launched ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="下一批 / Next wave">
              {v.progress?.nextWave
                ? `${v.progress.nextWave.wave} @ ${time(v.progress.nextWave.at)}`
                : '—'}
            </Descriptions.Item>
            {Object.entries(funnel.data ?? {}).map(([k, n]) => (
              <Descriptions.Item key={k} label={k}>
                {n}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
        {canWrite && v && (
          <div style={{ marginTop: 12 }}>
            <Controls view={v} reload={reloadAll} />
          </div>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title="动员漏斗 / Funnel">
            <Chart option={funnelOption} height={280} testId="funnel-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="通知批次 / Notice waves">
            <Table
              size="small"
              rowKey="wave"
              dataSource={v?.waves}
              pagination={false}
              columns={[
                { title: '批次 / Wave', dataIndex: 'wave' },
                { title: '到期 / Due', dataIndex: 'dueAt', render: time },
                { title: '入队 / Queued', dataIndex: 'queuedAt', render: time },
                { title: '已发送 / Sent', dataIndex: 'sentAt', render: time },
                { title: '人数 / Recipients', dataIndex: 'recipients' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title="各单位成效 / Report by unit">
        {report.error ? (
          <Alert type="warning" showIcon title={report.error.message} />
        ) : (
          <Table<ReportRow>
            size="small"
            rowKey="id"
            dataSource={report.data?.children}
            pagination={false}
            columns={[
              { title: '单位 / Unit', dataIndex: 'name' },
              { title: '动员 / Mobilized', dataIndex: 'mobilized' },
              { title: '报名 / Registered', dataIndex: 'registered' },
              { title: '参考 / Sat', dataIndex: 'sat' },
              { title: '通过 / Passed', dataIndex: 'passed' },
              {
                title: '通过率 / Pass rate',
                dataIndex: 'passRate',
                render: (r: number) => `${(r * 100).toFixed(1)}%`,
              },
              {
                title: '持证率 / Cert. rate',
                dataIndex: 'rateNow',
                render: (r: number) => `${(r * 100).toFixed(1)}%`,
              },
            ]}
          />
        )}
      </Card>
      {canWrite && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title="报名名单 / Registered list">
              <UploadSheet
                label="上传报名名单 / Upload the registered list"
                url={`/exam-campaigns/${key}/registrations/import`}
                onDone={reloadAll}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title="考试成绩 / Results">
              <UploadSheet
                label="上传成绩 / Upload results"
                url={`/exam-campaigns/${key}/results`}
                onDone={reloadAll}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Card title="持证奖励审核 / Certification rewards">
        <Rewards id={id} />
      </Card>
    </Space>
  );
}
