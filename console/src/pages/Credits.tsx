/**
 * 继续教育 / Continuing education: a person's hours against the requirement by registration
 * period (the running ledger, and the periods already closed), the compliance report by unit, and
 * the self-reported claims awaiting review (approve or reject; the server records the reviewer).
 */
import { App, Button, Card, Descriptions, Input, Progress, Space, Tag } from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { useAuth, useCanWrite } from '../auth';
import { DataTable } from '../components/DataTable';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../useLoad';

interface Ledger {
  personId: string;
  level: string;
  periodStart: string;
  periodEnd: string;
  earnedTenths: number;
  requiredTenths: number;
  proRataTenths: number;
  standing: string;
  credits: { sourceKey: string; hoursTenths: number }[];
  /** Why a waiting ledger cannot count its registration (its level has no CE hours known). */
  problem?: string;
}
interface Outcome {
  level: string;
  periodStart: string;
  periodEnd: string;
  earnedTenths: number;
  requiredTenths: number;
  outcome: string;
}
interface PersonPage {
  person: { id: string; name: string };
  ceOutcomes: Outcome[];
  ce: Ledger | null;
}
interface UnitCounts {
  unitId: string;
  unitName: string;
  compliant: number;
  on_track: number;
  behind: number;
  overdue: number;
  no_hours: number;
}
interface Claim {
  id: number;
  personId: string;
  personName: string;
  source: string;
  hours: number;
  evidence: string;
  createdAt: string;
}

const STANDINGS: Record<string, string> = {
  compliant: '已达标 / compliant',
  on_track: '进度正常 / on track',
  behind: '落后 / behind',
  overdue: '逾期 / overdue',
  not_compliant: '未达标 / not compliant',
  awaiting_registration: '待登记 / awaiting registration',
};
const standing = (s: string) => STANDINGS[s] ?? s;
const day = (s: string) => s.slice(0, 10);
const hours = (tenths: number) => tenths / 10;

/** Periods of one person, oldest first: those closed, then the one running. */
function periodsOf(p: PersonPage) {
  const closed = p.ceOutcomes.map((o) => ({ ...o, running: false }));
  const ce = p.ce;
  const current = ce?.periodStart ? [{ ...ce, outcome: ce.standing, running: true }] : [];
  return [...closed, ...current];
}

function PersonLedger({ personId }: { personId: string }) {
  const page = useLoad(
    () => get<PersonPage>(`/people/${encodeURIComponent(personId)}/profile`),
    [personId],
  );
  if (page.error) return <LoadError error={page.error} />;
  const p = page.data;
  if (!p) return <Card loading />;
  const ce = p.ce;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ledger">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="人员 / Person">{`${p.person.name}（${p.person.id}）`}</Descriptions.Item>
        <Descriptions.Item label="证书 / Level">{ce?.level ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="状态 / Standing">
          {ce ? <Tag>{standing(ce.standing)}</Tag> : '无台账 / no ledger'}
        </Descriptions.Item>
        {ce?.problem && <Descriptions.Item label="待定 / Waiting">{ce.problem}</Descriptions.Item>}
      </Descriptions>
      {ce?.periodStart && (
        <Progress
          percent={
            ce.requiredTenths > 0
              ? Math.min(100, Math.round((100 * ce.earnedTenths) / ce.requiredTenths))
              : 100
          }
          format={() => `${hours(ce.earnedTenths)} / ${hours(ce.requiredTenths)} 学时 / h`}
        />
      )}
      <DataTable
        loaded={page}
        rows={periodsOf(p)}
        rowKey={(r) => `${r.level}-${r.periodStart}`}
        testId="ce-periods"
        columns={[
          {
            title: '登记周期 / Period',
            render: (_, r) => `${day(r.periodStart)} – ${day(r.periodEnd)}`,
          },
          { title: '证书 / Level', dataIndex: 'level' },
          { title: '已获 / Earned (h)', render: (_, r) => hours(r.earnedTenths) },
          { title: '要求 / Required (h)', render: (_, r) => hours(r.requiredTenths) },
          {
            title: '结果 / Outcome',
            render: (_, r) => (
              <Tag color={r.running ? 'blue' : undefined}>
                {standing(r.outcome)}
                {r.running ? '（进行中 / running）' : ''}
              </Tag>
            ),
          },
        ]}
      />
      {ce && (
        <DataTable
          loaded={page}
          rows={ce.credits}
          rowKey="sourceKey"
          columns={[
            { title: '学时来源 / Credit', dataIndex: 'sourceKey' },
            { title: '学时 / Hours', render: (_, c) => hours(c.hoursTenths) },
          ]}
        />
      )}
    </Space>
  );
}

function Claims() {
  const { message } = App.useApp();
  const { user } = useAuth();
  const canWrite = useCanWrite();
  const [busy, setBusy] = useState<number>();
  const claims = useLoad(() => get<Claim[]>('/credit-claims?status=pending'), []);
  const review = async (c: Claim, decision: 'approve' | 'reject') => {
    setBusy(c.id);
    try {
      await post(`/credit-claims/${c.id}/review`, { decision, reviewer: user!.username });
      message.success(
        decision === 'approve'
          ? `已通过申报 ${c.id} / claim ${c.id} approved`
          : `已驳回申报 ${c.id} / claim ${c.id} rejected`,
      );
      claims.reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <DataTable<Claim>
      loaded={claims}
      rows={claims.data}
      rowKey="id"
      testId="claims"
      columns={[
        { title: '编号 / Id', dataIndex: 'id' },
        { title: '人员 / Person', render: (_, c) => `${c.personName}（${c.personId}）` },
        {
          title: '类型 / Source',
          dataIndex: 'source',
          render: (s: string) => (s === 'degree' ? '学历教育 / degree' : '外部培训 / external'),
        },
        { title: '学时 / Hours', dataIndex: 'hours' },
        { title: '证明 / Evidence', dataIndex: 'evidence' },
        {
          title: '申报时间 / Submitted',
          render: (_, c) => new Date(c.createdAt).toLocaleString('zh-CN'),
        },
        ...(canWrite
          ? [
              {
                title: '审核 / Review',
                render: (_: unknown, c: Claim) => (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      loading={busy === c.id}
                      data-testid={`approve-${c.id}`}
                      onClick={() => void review(c, 'approve')}
                    >
                      通过 / Approve
                    </Button>
                    <Button
                      size="small"
                      danger
                      loading={busy === c.id}
                      data-testid={`reject-${c.id}`}
                      onClick={() => void review(c, 'reject')}
                    >
                      驳回 / Reject
                    </Button>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

export function CreditsPage() {
  const [personId, setPersonId] = useState<string>();
  const report = useLoad(() => get<UnitCounts[]>('/reports/ce'), []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title="学时台账 / A person's CE ledger">
        <Input.Search
          id="ledger-person"
          placeholder="人员编号 / person id"
          enterButton="查看 / Show"
          style={{ maxWidth: 360, marginBottom: 12 }}
          onSearch={(v) => setPersonId(v.trim() || undefined)}
        />
        {personId && <PersonLedger personId={personId} />}
      </Card>
      <Card title="待审核申报 / Claims to review">
        <Claims />
      </Card>
      <Card
        title="达标情况 / CE compliance by unit"
        extra={<a href="/reports/ce?format=xlsx">导出 / Export XLSX</a>}
      >
        <DataTable<UnitCounts>
          loaded={report}
          rows={report.data}
          rowKey="unitId"
          testId="ce-report"
          columns={[
            { title: '单位 / Unit', render: (_, u) => `${u.unitName}（${u.unitId}）` },
            { title: '已达标 / Compliant', dataIndex: 'compliant' },
            { title: '进度正常 / On track', dataIndex: 'on_track' },
            { title: '落后 / Behind', dataIndex: 'behind' },
            { title: '逾期 / Overdue', dataIndex: 'overdue' },
            { title: '等级未设学时 / Level without CE hours', dataIndex: 'no_hours' },
          ]}
        />
      </Card>
    </Space>
  );
}
