/** 课程 / Courses: every course series with enrolment and completions. */
import { Card, Progress, Tag } from 'antd';
import { get } from '../api';
import { DataTable } from '../components/DataTable';
import { statusName, type ProgramSummary } from '../components/programs';
import { navigate } from '../router';
import { useLoad } from '../useLoad';

export function CourseListPage() {
  const list = useLoad(() => get<ProgramSummary[]>('/programs?kind=course&all=true'), [], 10000);
  return (
    <Card title="课程系列 / Course series">
      <DataTable<ProgramSummary>
        loaded={list}
        rows={list.data}
        rowKey="id"
        pagination={false}
        onRow={(p) => ({
          onClick: () => navigate(`/courses/${p.id}`),
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
          { title: '在读 / Enrolled', render: (_, p) => p.counts.enrolled ?? 0 },
          { title: '候补 / Waitlist', render: (_, p) => p.counts.waitlisted ?? 0 },
          {
            title: '结业 / Completed',
            render: (_, p) => (
              <Progress
                size="small"
                percent={
                  p.progress.total ? Math.round((100 * p.progress.done) / p.progress.total) : 0
                }
                format={() => `${p.progress.done}/${p.progress.total}`}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
