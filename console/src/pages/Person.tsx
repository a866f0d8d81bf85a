/** 人员档案 / A person: unit, role, certificates, and a timeline across every program. */
import { Card, Descriptions, Space, Table, Tag, Timeline } from 'antd';
import { get } from '../api';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../useLoad';

interface Profile {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  roleZh: string;
  active: boolean;
  certificates: { level: string; obtainedOn: string; registrationExpiresOn: string | null }[];
  trainingHours: number;
  timeline: { at: string; program: string; ref: string; what: string }[];
}

const PROGRAMS: Record<string, string> = {
  exam: '报考 / exam',
  course: '课程 / course',
  mentoring: '带教 / mentoring',
  training: '学时 / training',
  notice: '通知 / notice',
};

export function PersonPage({ id }: { id: string }) {
  const p = useLoad(() => get<Profile>(`/people/${encodeURIComponent(id)}/profile`), [id]);
  if (p.error) return <LoadError error={p.error} />;
  const d = p.data;
  if (!d) return <Card loading />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={`${d.name}（${d.id}）`} data-testid="person">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="单位 / Unit">{`${d.unitName}（${d.unitId}）`}</Descriptions.Item>
          <Descriptions.Item label="岗位 / Role">{d.roleZh}</Descriptions.Item>
          <Descriptions.Item label="状态 / Status">
            {d.active ? '在职 / active' : '离职 / inactive'}
          </Descriptions.Item>
          <Descriptions.Item label="累计学时 / Training hours">{d.trainingHours}</Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="level"
          dataSource={d.certificates}
          pagination={false}
          columns={[
            { title: '证书 / Certificate', dataIndex: 'level' },
            { title: '取得 / Obtained', dataIndex: 'obtainedOn' },
            { title: '登记有效至 / Registered until', dataIndex: 'registrationExpiresOn' },
          ]}
        />
      </Card>
      <Card title="时间线 / Timeline">
        <Timeline
          items={d.timeline.map((e, i) => ({
            key: i,
            content: (
              <span>
                <Tag>{PROGRAMS[e.program] ?? e.program}</Tag>
                {new Date(e.at).toLocaleString('zh-CN')} · {e.ref} · {e.what}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
