/**
 * 培养梯队 / Cohorts (雏雁 new hires, 头雁 leaders): each cohort with its course series, and one
 * cohort's members and agencies — series completed, class hours against those required — with
 * the completion certificate (PDF) of each series a member completed.
 */
import { Card, Progress, Space, Tag } from 'antd';
import { get } from '../api';
import { DataTable } from '../components/DataTable';
import { LoadError } from '../components/LoadError';
import { statusName } from '../components/programs';
import { navigate } from '../router';
import { useLoad } from '../useLoad';

interface Cohort {
  id: string;
  title: string;
  kind: string;
  status: string;
  members: number;
  seriesIds: string[];
}
interface Member {
  personId: string;
  name: string;
  unitName: string;
  seriesCompleted: number;
  seriesTotal: number;
  attendedTenths: number;
  requiredTenths: number;
  status: string;
  series: { seriesId: string; enrolment: string; completed: boolean }[];
}
interface Agency {
  unitId: string;
  unitName: string;
  members: number;
  completed: number;
  in_progress: number;
  behind: number;
  attendedTenths: number;
  requiredTenths: number;
}
interface CohortProgress {
  cohortId: string;
  title: string;
  kind: string;
  series: { seriesId: string; title: string; requiredTenths: number }[];
  members: Member[];
  agencies: Agency[];
}

const KINDS: Record<string, string> = {
  new_hire: '雏雁 / new hires',
  leader: '头雁 / leaders',
  other: '其他 / other',
};
const MEMBER_STATUS: Record<string, string> = {
  completed: '已结业 / completed',
  in_progress: '学习中 / in progress',
  behind: '进度落后 / behind',
  waitlisted: '候补中 / waitlisted',
  withdrawn: '已退出 / withdrawn',
};
const hours = (done: number, required: number) => `${done / 10} / ${required / 10}`;

export function CohortListPage() {
  const list = useLoad(() => get<Cohort[]>('/cohorts'), []);
  return (
    <Card title="培养梯队 / Cohorts">
      <DataTable<Cohort>
        loaded={list}
        rows={list.data}
        rowKey="id"
        testId="cohorts"
        onRow={(c) => ({
          onClick: () => navigate(`/cohorts/${c.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: '编号 / Id', dataIndex: 'id' },
          { title: '名称 / Title', dataIndex: 'title' },
          { title: '类型 / Kind', dataIndex: 'kind', render: (k: string) => KINDS[k] ?? k },
          {
            title: '状态 / Status',
            dataIndex: 'status',
            render: (s: string) => <Tag>{statusName(s)}</Tag>,
          },
          { title: '成员 / Members', dataIndex: 'members' },
          {
            title: '课程 / Series',
            dataIndex: 'seriesIds',
            render: (ids: string[]) => ids.map((s) => <Tag key={s}>{s}</Tag>),
          },
        ]}
      />
    </Card>
  );
}

export function CohortPage({ id }: { id: string }) {
  const p = useLoad(() => get<CohortProgress>(`/cohorts/${encodeURIComponent(id)}/progress`), [id]);
  if (p.error) return <LoadError error={p.error} />;
  const c = p.data;
  if (!c) return <Card loading />;
  const certificate = (seriesId: string, personId: string) =>
    `/courses/${encodeURIComponent(seriesId)}/certificates/${encodeURIComponent(personId)}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`${c.title}（${c.cohortId}）`}
        extra={
          <a href={`/cohorts/${encodeURIComponent(id)}/progress?format=xlsx`}>导出 / Export XLSX</a>
        }
      >
        <Tag>{KINDS[c.kind] ?? c.kind}</Tag>
        <DataTable
          loaded={p}
          rows={c.series}
          rowKey="seriesId"
          testId="cohort-series"
          onRow={(s) => ({
            onClick: () => navigate(`/courses/${s.seriesId}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            { title: '课程 / Series', render: (_, s) => `${s.title}（${s.seriesId}）` },
            { title: '要求学时 / Required hours', render: (_, s) => s.requiredTenths / 10 },
          ]}
        />
      </Card>
      <Card title="成员进度 / Members">
        <DataTable<Member>
          loaded={p}
          rows={c.members}
          rowKey="personId"
          testId="cohort-members"
          columns={[
            { title: '人员 / Person', render: (_, m) => `${m.name}（${m.personId}）` },
            { title: '单位 / Unit', dataIndex: 'unitName' },
            {
              title: '结业 / Completed',
              render: (_, m) => (
                <Progress
                  size="small"
                  style={{ minWidth: 120 }}
                  percent={
                    m.seriesTotal ? Math.round((100 * m.seriesCompleted) / m.seriesTotal) : 0
                  }
                  format={() => `${m.seriesCompleted}/${m.seriesTotal}`}
                />
              ),
            },
            { title: '学时 / Hours', render: (_, m) => hours(m.attendedTenths, m.requiredTenths) },
            {
              title: '状态 / Status',
              dataIndex: 'status',
              render: (s: string) => <Tag>{MEMBER_STATUS[s] ?? s}</Tag>,
            },
            {
              title: '结业证书 / Certificates',
              render: (_, m) =>
                m.series
                  .filter((s) => s.completed)
                  .map((s) => (
                    <a
                      key={s.seriesId}
                      href={certificate(s.seriesId, m.personId)}
                      data-testid={`certificate-${s.seriesId}-${m.personId}`}
                      style={{ marginRight: 8 }}
                    >
                      {s.seriesId} PDF
                    </a>
                  )),
            },
          ]}
        />
      </Card>
      <Card title="机构汇总 / Agencies">
        <DataTable<Agency>
          loaded={p}
          rows={c.agencies}
          rowKey="unitId"
          columns={[
            { title: '单位 / Unit', render: (_, a) => `${a.unitName}（${a.unitId}）` },
            { title: '成员 / Members', dataIndex: 'members' },
            { title: '已结业 / Completed', dataIndex: 'completed' },
            { title: '学习中 / In progress', dataIndex: 'in_progress' },
            { title: '落后 / Behind', dataIndex: 'behind' },
            { title: '学时 / Hours', render: (_, a) => hours(a.attendedTenths, a.requiredTenths) },
          ]}
        />
      </Card>
    </Space>
  );
}
