/**
 * 人员档案 / A person: unit, role, contacts, certificates with their registrations, CE standing,
 * and the timeline across every program — the same page `yz person show` prints.
 */
import { Card, Descriptions, Space, Table, Tag, Timeline } from 'antd';
import { get } from '../api';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../useLoad';

interface PersonPage {
  person: {
    id: string;
    name: string;
    unit: { id: string; name: string };
    role: string;
    active: boolean;
    idCardMasked: string | null;
    contacts: { kind: string; value: string; isPrimary: boolean }[];
    specialties: string[];
  };
  roleZh: string;
  certificates: {
    level: string;
    obtainedOn: string;
    number: string | null;
    registrations: { registeredOn: string; expiresOn: string; lastDay: string }[];
  }[];
  timeline: { at: string; program: string; ref: string; what: string }[];
  ce: { earnedTenths: number; requiredTenths: number; standing: string } | null;
}

const PROGRAMS: Record<string, string> = {
  registry: '人才库 / registry',
  exam: '报考 / exam',
  course: '课程 / course',
  credits: '继续教育 / CE',
  mentoring: '带教 / mentoring',
  notice: '通知 / notice',
};
const day = (s: string) => s.slice(0, 10);

export function PersonPage({ id }: { id: string }) {
  const p = useLoad(() => get<PersonPage>(`/people/${encodeURIComponent(id)}/profile`), [id]);
  if (p.error) return <LoadError error={p.error} />;
  const d = p.data;
  if (!d) return <Card loading />;
  const who = d.person;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={`${who.name}（${who.id}）`} data-testid="person">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="单位 / Unit">{`${who.unit.name}（${who.unit.id}）`}</Descriptions.Item>
          <Descriptions.Item label="岗位 / Role">{d.roleZh}</Descriptions.Item>
          <Descriptions.Item label="状态 / Status">
            {who.active ? '在职 / active' : '离职 / inactive'}
          </Descriptions.Item>
          <Descriptions.Item label="身份证 / ID card">{who.idCardMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系方式 / Contacts">
            {who.contacts.map((c) => c.value).join('，') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="继续教育 / CE">
            {d.ce
              ? `${d.ce.earnedTenths / 10} / ${d.ce.requiredTenths / 10} 学时 / h · ${d.ce.standing}`
              : '—'}
          </Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="level"
          dataSource={d.certificates}
          pagination={false}
          columns={[
            { title: '证书 / Certificate', dataIndex: 'level' },
            { title: '取得 / Obtained', render: (_, c) => day(c.obtainedOn) },
            {
              title: '登记有效至 / Registered until',
              render: (_, c) => {
                const last = c.registrations.at(-1);
                return last ? last.lastDay : '—';
              },
            },
          ]}
        />
      </Card>
      <Card title="时间线 / Timeline">
        <Timeline
          data-testid="timeline"
          items={[...d.timeline].reverse().map((e, i) => ({
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
