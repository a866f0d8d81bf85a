/** 登录 / Log in: username and password; the server sets the session cookie. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth';

export function LoginPage() {
  const { login } = useAuth();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(v.username, v.password);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '12vh' }}>
      <Card style={{ width: 360, maxWidth: '92vw' }}>
        <Typography.Title level={3}>雁阵 Yanzhen</Typography.Title>
        <Typography.Paragraph type="secondary">
          社工人才培养控制台 / Coordinator console
        </Typography.Paragraph>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} showIcon />}
        <Form
          layout="vertical"
          onFinish={(v) => void submit(v as { username: string; password: string })}
        >
          <Form.Item label="用户名 / Username" name="username" rules={[{ required: true }]}>
            <Input autoComplete="username" id="username" />
          </Form.Item>
          <Form.Item label="密码 / Password" name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" id="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录 / Log in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
