/**
 * An import in two steps, as coordinators do them: choose the file and see the dry run (counts,
 * and every problem by row and column), then write it. The server decides what is valid; the
 * page only keeps the chosen file between the two requests.
 */
import { Alert, Button, Space } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useRef, useState, type ReactNode } from 'react';
import { ApiError, fileBody, post } from '../api';
import { ProblemsTable, type RowProblem } from './Problems';

export interface DryRunReport {
  rows: number;
  committed: boolean;
  problems: RowProblem[];
}

export function DryRunImport<R extends DryRunReport>({
  url,
  testId,
  chooseLabel,
  commitLabel,
  counts,
  extra = {},
  allOrNothing = false,
  onCommitted,
  children,
}: {
  url: string;
  /** Prefix of the test ids: `<testId>-file`, `-summary`, `-commit`. */
  testId: string;
  chooseLabel: string;
  commitLabel: string;
  /** The report's counts in words, after "written" or "dry run". */
  counts: (report: R) => string;
  extra?: Record<string, unknown>;
  /** The server writes all rows or none: no write is offered while the dry run has problems. */
  allOrNothing?: boolean;
  onCommitted?: (report: R) => void;
  /** What the report plans or did, row by row. */
  children?: (report: R) => ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ fileName: string; contentBase64: string }>();
  const [report, setReport] = useState<R>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (body: { fileName: string; contentBase64: string }, commit: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await post<R>(url, { ...body, ...extra, commit });
      setReport(answer);
      if (answer.committed) onCommitted?.(answer);
    } catch (e) {
      const b = e instanceof ApiError ? (e.body as R | undefined) : undefined;
      if (b?.problems) setReport(b);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <input
        ref={input}
        type="file"
        accept=".csv,.xlsx"
        hidden
        data-testid={`${testId}-file`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          void fileBody(f).then((b) => {
            setFile(b);
            setReport(undefined);
            return run(b, false);
          });
          e.target.value = '';
        }}
      />
      <Space wrap>
        <Button
          icon={<UploadOutlined />}
          onClick={() => input.current?.click()}
          loading={busy && !report}
        >
          {chooseLabel}
        </Button>
        {file && report && !report.committed && !(allOrNothing && report.problems.length) && (
          <Button
            type="primary"
            loading={busy}
            onClick={() => void run(file, true)}
            data-testid={`${testId}-commit`}
          >
            {commitLabel}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <Alert
          data-testid={`${testId}-summary`}
          type={report.committed ? 'success' : report.problems.length ? 'warning' : 'info'}
          showIcon
          title={
            `${report.committed ? '已写入 / written' : '试运行，未写入 / dry run, nothing written'}：` +
            `${report.rows} 行 / rows · ${counts(report)}`
          }
        />
      )}
      {report && report.problems.length > 0 && <ProblemsTable problems={report.problems} />}
      {report && children?.(report)}
    </Space>
  );
}
