/**
 * 导入名册 / Roster import: choose the file, see the dry run (what would be created, updated,
 * and every problem by row and column), then write the valid rows.
 */
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useRef, useState } from 'react';
import { ApiError, fileBody, post } from '../api';
import { useAuth } from '../auth';
import { ProblemsTable, type RowProblem } from '../components/Problems';

interface Report {
  rows: number;
  committed: boolean;
  counts: { create: number; update: number; unchanged: number; invalid: number };
  problems: RowProblem[];
  outcomes: { row: number; personId: string; name: string; action: string; changes: string[] }[];
}

export function RosterImportPage() {
  const { user } = useAuth();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ fileName: string; contentBase64: string }>();
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (body: { fileName: string; contentBase64: string }, commit: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      // The logged-in user is the one who recorded it (the server records its own actor too).
      setReport(
        await post<Report>('/registry/import', { ...body, commit, recordedBy: user!.username }),
      );
    } catch (e) {
      const b = e instanceof ApiError ? (e.body as Report | undefined) : undefined;
      if (b?.problems) setReport(b);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const c = report?.counts;
  return (
    <Card title="导入名册 / Import a roster">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <input
          ref={input}
          type="file"
          accept=".csv,.xlsx"
          hidden
          data-testid="roster-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            void fileBody(f).then((b) => {
              setFile(b);
              return run(b, false);
            });
          }}
        />
        <Space>
          <Button
            icon={<UploadOutlined />}
            onClick={() => input.current?.click()}
            loading={busy && !report}
          >
            选择文件并试运行 / Choose a file (dry run)
          </Button>
          {file && report && !report.committed && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void run(file, true)}
              data-testid="roster-commit"
            >
              写入有效行 / Write the valid rows
            </Button>
          )}
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        {report && c && (
          <Alert
            data-testid="roster-summary"
            type={report.committed ? 'success' : report.problems.length ? 'warning' : 'info'}
            showIcon
            title={
              `${report.committed ? '已写入 / written' : '试运行，未写入 / dry run, nothing written'}：` +
              `${report.rows} 行 / rows · 新增 create ${c.create} · 更新 update ${c.update} · ` +
              `不变 unchanged ${c.unchanged} · 有误 invalid ${c.invalid}`
            }
          />
        )}
        {report && report.problems.length > 0 && <ProblemsTable problems={report.problems} />}
        {report && (
          <Table
            size="small"
            rowKey={(o) => `${o.row}-${o.personId}`}
            dataSource={report.outcomes}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '行 / Row', dataIndex: 'row', width: 80 },
              { title: '人员 / Person', render: (_, o) => `${o.name}（${o.personId}）` },
              {
                title: '操作 / Action',
                dataIndex: 'action',
                render: (a: string) => <Tag>{a}</Tag>,
              },
              {
                title: '变更 / Changes',
                dataIndex: 'changes',
                render: (ch: string[]) => ch.join('；'),
              },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
