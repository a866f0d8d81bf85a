/**
 * 概览 / Dashboard: every program under way with its progress (polled every 5 s, so it moves
 * without reloading) and the certification rate of each unit against the target.
 */
import { Card, Col, Empty, InputNumber, Progress, Row, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { get, query } from '../api';
import { Chart } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { LoadError } from '../components/LoadError';
import { KIND_NAMES, statusName, type ProgramSummary } from '../components/programs';
import type { Unit } from '../components/units';
import { navigate } from '../router';
import { useLoad } from '../useLoad';

interface RateRow {
  id: string;
  name: string;
  people: number;
  certified: number;
  verdict: { rate: number; met?: boolean; summary: string };
}

const LINKS: Partial<Record<ProgramSummary['kind'], string>> = {
  exam: '/exam',
  course: '/courses',
};

function RateChart() {
  const [target, setTarget] = useState<number>(40);
  const units = useLoad(() => get<Unit[]>('/units'), []);
  const root = units.data?.find((u) => u.parentId === null)?.id;
  const rate = useLoad(
    async () =>
      root
        ? get<{ unit: RateRow; children: RateRow[] }>(
            `/registry/rate${query({ unitId: root, targetRate: target })}`,
          )
        : undefined,
    [root, target],
  );
  const option = useMemo(() => {
    const rows = rate.data?.children ?? [];
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { data: ['持证率 / rate %', '目标 / target %'] },
      xAxis: { type: 'category' as const, data: rows.map((r) => r.name) },
      yAxis: { type: 'value' as const, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '持证率 / rate %',
          type: 'bar' as const,
          data: rows.map((r) => ({
            value: Math.round(r.verdict.rate * 1000) / 10,
            itemStyle: { color: r.verdict.met ? '#3f8f4f' : '#d4843a' },
          })),
        },
        {
          name: '目标 / target %',
          type: 'line' as const,
          data: rows.map(() => target),
          symbol: 'none',
          lineStyle: { type: 'dashed' as const, color: '#c0392b' },
        },
      ],
    };
  }, [rate.data, target]);
  return (
    <Card
      title="各单位持证率 / Certification rate by unit"
      extra={
        <Space>
          目标 / target
          <InputNumber
            min={0}
            max={100}
            value={target}
            onChange={(v) => setTarget(v ?? 0)}
            suffix="%"
          />
        </Space>
      }
    >
      {rate.error ? (
        <LoadError error={rate.error} />
      ) : (
        <Chart option={option} testId="rate-chart" />
      )}
      {rate.data && (
        <Typography.Text type="secondary">{rate.data.unit.verdict.summary}</Typography.Text>
      )}
    </Card>
  );
}

export function DashboardPage() {
  const programs = useLoad(() => get<ProgramSummary[]>('/programs'), [], 5000);
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title="进行中的项目 / Programs under way">
          <DataTable<ProgramSummary>
            loaded={programs}
            rows={programs.data}
            testId="programs"
            rowKey={(p) => `${p.kind}/${p.id}`}
            locale={{ emptyText: <Empty description="暂无进行中的项目 / nothing under way" /> }}
            pagination={false}
            onRow={(p) => ({
              onClick: () => LINKS[p.kind] && navigate(`${LINKS[p.kind]}/${p.id}`),
              style: { cursor: LINKS[p.kind] ? 'pointer' : undefined },
            })}
            columns={[
              {
                title: '类别 / Kind',
                dataIndex: 'kind',
                render: (k: ProgramSummary['kind']) => KIND_NAMES[k],
              },
              { title: '名称 / Title', dataIndex: 'title' },
              {
                title: '状态 / Status',
                dataIndex: 'status',
                render: (s: string) => <Tag>{statusName(s)}</Tag>,
              },
              {
                title: '进度 / Progress',
                render: (_, p) => (
                  <span title={p.progress.label}>
                    <Progress
                      percent={
                        p.progress.total
                          ? Math.round((100 * p.progress.done) / p.progress.total)
                          : 0
                      }
                      format={() => `${p.progress.done}/${p.progress.total}`}
                    />
                  </span>
                ),
              },
              {
                title: '分布 / By status',
                render: (_, p) =>
                  Object.entries(p.counts).map(([s, n]) => (
                    <Tag key={s}>
                      {s} {n}
                    </Tag>
                  )),
              },
            ]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <RateChart />
      </Col>
    </Row>
  );
}
