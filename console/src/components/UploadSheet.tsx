/**
 * Uploads a CSV or XLSX sheet to an API route and shows what it answered: the counts, and the
 * problems by row and column when the sheet was refused (422) or checked in a dry run.
 */
import { Alert, Button, Space } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useRef, useState } from 'react';
import { ApiError, fileBody, post } from '../api';
import { ProblemsTable, type RowProblem } from './Problems';

export interface SheetAnswer {
  rows?: number;
  committed?: boolean;
  problems?: RowProblem[];
  counts?: Record<string, number>;
}

export function UploadSheet({
  label,
  url,
  extra = {},
  disabled,
  testId,
  onDone,
}: {
  label: string;
  url: string;
  extra?: Record<string, unknown>;
  disabled?: boolean;
  testId?: string;
  onDone?: (answer: SheetAnswer) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [answer, setAnswer] = useState<SheetAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const send = async (file: File) => {
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      const a = await post<SheetAnswer>(url, { ...(await fileBody(file)), ...extra });
      setAnswer(a);
      onDone?.(a);
    } catch (e) {
      const body = e instanceof ApiError ? (e.body as SheetAnswer | undefined) : undefined;
      if (body?.problems) setAnswer(body);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const problems = answer?.problems ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      <input
        ref={input}
        type="file"
        accept=".csv,.xlsx"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void send(f);
        }}
      />
      <Button
        icon={<UploadOutlined />}
        loading={busy}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        {label}
      </Button>
      {error && <Alert type="error" showIcon title={error} />}
      {answer && (
        <Alert
          type={problems.length ? 'warning' : 'success'}
          showIcon
          title={
            `${answer.committed ? '已写入 / written' : '未写入 / nothing written'}：` +
            `${answer.rows ?? 0} 行 / rows，${problems.length} 个问题 / problems` +
            (answer.counts
              ? ` (${Object.entries(answer.counts)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')})`
              : '')
          }
        />
      )}
      {problems.length > 0 && <ProblemsTable problems={problems} />}
    </Space>
  );
}
