/**
 * 课程详情 / One course series: its sessions (with a check-in code to open), the enrolled and the
 * waitlist, and attendance marked per session (all marks of a session saved at once).
 */
import { Alert, App, Button, Card, Descriptions, Select, Space, Table, Tabs, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { get, post } from '../api';
import { useCanWrite } from '../auth';
import { LoadError } from '../components/LoadError';
import { statusName } from '../components/programs';
import { useLoad } from '../useLoad';

interface Session {
  sessionId: string;
  title: string;
  mode: string;
  startsAt: string;
  endsAt: string;
  hours: number;
  status: string;
}
interface Course {
  id: string;
  title: string;
  status: string;
  capacity: number | null;
  enrolment: Record<string, number>;
  completions: number;
  sessions: Session[];
}
interface Roll {
  people: { personId: string; name: string; unitId: string; status: string; seq: number }[];
  marks: {
    sessionId: string;
    personId: string;
    status: string;
    source: string;
    recordedBy: string;
  }[];
}

const MARKS = [
  { value: 'present', label: '出勤 / present' },
  { value: 'late', label: '迟到 / late' },
  { value: 'excused', label: '请假 / excused' },
  { value: 'absent', label: '缺勤 / absent' },
];
const time = (s: string) => new Date(s).toLocaleString('zh-CN');

function Attendance({
  id,
  session,
  roll,
  reload,
}: {
  id: string;
  session: Session;
  roll: Roll;
  reload: () => void;
}) {
  const { message } = App.useApp();
  const canWrite = useCanWrite();
  const enrolled = roll.people.filter((p) => p.status === 'enrolled');
  const recorded = useMemo(
    () =>
      Object.fromEntries(
        roll.marks
          .filter((m) => m.sessionId === session.sessionId)
          .map((m) => [m.personId, m.status]),
      ),
    [roll, session.sessionId],
  );
  const [marks, setMarks] = useState<Record<string, string>>(recorded);
  const [code, setCode] = useState<{ code: string; until: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setMarks(recorded), [recorded]);
  const changed = Object.entries(marks).filter(([p, s]) => recorded[p] !== s);
  const save = async () => {
    setBusy(true);
    try {
      await post(`/courses/${encodeURIComponent(id)}/attendance`, {
        marks: changed.map(([personId, status]) => ({
          sessionId: session.sessionId,
          personId,
          status,
        })),
      });
      message.success(`已保存 ${changed.length} 条考勤 / ${changed.length} marks saved`);
      reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const openCode = async () => {
    try {
      setCode(
        await post(
          `/courses/${encodeURIComponent(id)}/sessions/${encodeURIComponent(session.sessionId)}/checkin-code`,
          {},
        ),
      );
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="时间 / Time">{`${time(session.startsAt)} – ${time(session.endsAt)}`}</Descriptions.Item>
        <Descriptions.Item label="学时 / Hours">{session.hours}</Descriptions.Item>
        <Descriptions.Item label="状态 / Status">{session.status}</Descriptions.Item>
      </Descriptions>
      {canWrite && (
        <Space wrap>
          <Button onClick={() => void openCode()}>生成签到码 / Open check-in</Button>
          {code && (
            <Alert
              type="info"
              showIcon
              data-testid="checkin-code"
              title={`签到码 / code ${code.code}（${time(code.until)} 前有效 / valid until）— ${location.origin}/console/checkin`}
            />
          )}
        </Space>
      )}
      <Table
        size="small"
        rowKey="personId"
        dataSource={enrolled}
        pagination={false}
        data-testid={`attendance-${session.sessionId}`}
        columns={[
          { title: '人员 / Person', render: (_, p) => `${p.name}（${p.personId}）` },
          { title: '单位 / Unit', dataIndex: 'unitId' },
          {
            title: '考勤 / Attendance',
            render: (_, p) => (
              <Select
                data-testid={`mark-${p.personId}`}
                style={{ width: 160 }}
                placeholder="未记录 / not marked"
                disabled={!canWrite}
                value={marks[p.personId]}
                options={MARKS}
                onChange={(v: string) => setMarks((m) => ({ ...m, [p.personId]: v }))}
              />
            ),
          },
          {
            title: '记录人 / By',
            render: (_, p) =>
              roll.marks.find((m) => m.sessionId === session.sessionId && m.personId === p.personId)
                ?.recordedBy ?? '',
          },
        ]}
      />
      {canWrite && (
        <Button
          type="primary"
          disabled={!changed.length}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-attendance"
        >
          保存考勤 / Save attendance ({changed.length})
        </Button>
      )}
    </Space>
  );
}

export function CoursePage({ id }: { id: string }) {
  const key = encodeURIComponent(id);
  const course = useLoad(() => get<Course>(`/courses/${key}`), [id]);
  const roll = useLoad(() => get<Roll>(`/courses/${key}/roll`), [id]);
  if (course.error) return <LoadError error={course.error} />;
  if (roll.error) return <LoadError error={roll.error} />;
  const c = course.data;
  const r = roll.data;
  if (!c || !r) return <Card loading />;
  const waitlist = r.people.filter((p) => p.status === 'waitlisted');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={`${c.title}（${c.id}）`} extra={<Tag>{statusName(c.status)}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label="容量 / Capacity">
            {c.capacity ?? '不限 / none'}
          </Descriptions.Item>
          <Descriptions.Item label="在读 / Enrolled">{c.enrolment.enrolled ?? 0}</Descriptions.Item>
          <Descriptions.Item label="候补 / Waitlist">
            {c.enrolment.waitlisted ?? 0}
          </Descriptions.Item>
          <Descriptions.Item label="结业 / Completed">{c.completions}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="场次与考勤 / Sessions and attendance">
        <Tabs
          items={c.sessions.map((s) => ({
            key: s.sessionId,
            label: `${s.sessionId} ${s.title}`,
            children: <Attendance id={id} session={s} roll={r} reload={roll.reload} />,
          }))}
        />
      </Card>
      <Card title="候补名单 / Waitlist">
        <Table
          size="small"
          rowKey="personId"
          dataSource={waitlist}
          pagination={false}
          columns={[
            { title: '顺位 / Place', render: (_, _p, i) => i + 1 },
            { title: '人员 / Person', render: (_, p) => `${p.name}（${p.personId}）` },
            { title: '单位 / Unit', dataIndex: 'unitId' },
          ]}
        />
      </Card>
    </Space>
  );
}
