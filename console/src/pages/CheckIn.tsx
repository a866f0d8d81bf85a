/**
 * 学员签到 / Participant check-in, made for a phone: the course and session come from the link
 * (?series=…&session=…) or are typed; the participant gives their person id and the code shown
 * in the room. No login: the code is the proof (POST /checkin, rate-limited).
 */
import { Alert, Button, Card, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { post } from '../api';

interface Fields {
  seriesId: string;
  sessionId: string;
  personId: string;
  code: string;
}

const STATUS: Record<string, string> = { present: '出勤 / present', late: '迟到 / late' };

export function CheckInPage() {
  const params = new URLSearchParams(window.location.search);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Fields) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await post<{ status: string }>('/checkin', v);
      setDone(r.status);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ maxWidth: 420, margin: '0 auto', padding: 12 }}>
      <Card title="课程签到 / Check in">
        {done ? (
          <Result
            status="success"
            title="签到成功 / Checked in"
            subTitle={STATUS[done] ?? done}
            data-testid="checked-in"
          />
        ) : (
          <Form<Fields>
            layout="vertical"
            size="large"
            initialValues={{
              seriesId: params.get('series') ?? '',
              sessionId: params.get('session') ?? '',
            }}
            onFinish={(v) => void submit(v)}
          >
            <Form.Item label="课程编号 / Course" name="seriesId" rules={[{ required: true }]}>
              <Input id="seriesId" />
            </Form.Item>
            <Form.Item label="场次 / Session" name="sessionId" rules={[{ required: true }]}>
              <Input id="sessionId" />
            </Form.Item>
            <Form.Item
              label="人员编号 / Your person id"
              name="personId"
              rules={[{ required: true }]}
            >
              <Input id="personId" autoComplete="off" />
            </Form.Item>
            <Form.Item label="签到码 / Code" name="code" rules={[{ required: true, len: 6 }]}>
              <Input id="code" inputMode="numeric" maxLength={6} />
            </Form.Item>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit" block loading={busy}>
              签到 / Check in
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
