/** 用户与角色 / Users and roles (admin): add a user, set role and units, disable or enable. */
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { ROLE_NAMES, type Role } from '../auth';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../useLoad';

interface UserRow {
  username: string;
  displayName: string;
  role: Role;
  unitIds: string[];
  disabled: boolean;
  bootstrap: boolean;
  createdBy: string | null;
}

interface Edit {
  username: string;
  displayName?: string;
  role: Role;
  unitIds?: string;
  password?: string;
}

const roleOptions = (Object.keys(ROLE_NAMES) as Role[]).map((r) => ({
  value: r,
  label: ROLE_NAMES[r],
}));
const ids = (s?: string) => (s ?? '').split(/[,，\s]+/).filter(Boolean);

export function UsersCard() {
  const { message } = App.useApp();
  const list = useLoad(() => get<UserRow[]>('/users'), []);
  const [editing, setEditing] = useState<UserRow | 'new'>();
  const [form] = Form.useForm<Edit>();

  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      message.success('已保存 / saved');
      list.reload();
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };
  const save = async () => {
    const v = await form.validateFields();
    const unitIds = ids(v.unitIds);
    const ok = await act(() =>
      editing === 'new'
        ? post('/users', {
            username: v.username,
            displayName: v.displayName,
            role: v.role,
            unitIds,
            ...(v.password ? { password: v.password } : {}),
          })
        : post(`/users/${encodeURIComponent(v.username)}/roles`, { role: v.role, unitIds }),
    );
    if (ok) setEditing(undefined);
  };

  if (list.error) return <LoadError error={list.error} />;
  return (
    <Card
      title="用户与角色 / Users and roles"
      extra={
        <Button
          onClick={() => {
            form.resetFields();
            setEditing('new');
          }}
        >
          新增用户 / Add a user
        </Button>
      }
    >
      <Table<UserRow>
        size="small"
        rowKey="username"
        dataSource={list.data}
        pagination={false}
        columns={[
          { title: '用户名 / Username', dataIndex: 'username' },
          { title: '姓名 / Name', dataIndex: 'displayName' },
          { title: '角色 / Role', dataIndex: 'role', render: (r: Role) => ROLE_NAMES[r] },
          {
            title: '单位 / Units',
            dataIndex: 'unitIds',
            render: (u: string[]) => u.map((x) => <Tag key={x}>{x}</Tag>),
          },
          {
            title: '状态 / Status',
            dataIndex: 'disabled',
            render: (d: boolean) =>
              d ? <Tag color="red">停用 / disabled</Tag> : <Tag color="green">启用 / active</Tag>,
          },
          {
            title: '操作 / Actions',
            render: (_, u) =>
              u.bootstrap ? null : (
                <Space>
                  <Button
                    size="small"
                    onClick={() => {
                      form.setFieldsValue({
                        username: u.username,
                        displayName: u.displayName,
                        role: u.role,
                        unitIds: u.unitIds.join(','),
                      });
                      setEditing(u);
                    }}
                  >
                    角色 / Role
                  </Button>
                  <Button
                    size="small"
                    danger={!u.disabled}
                    onClick={() =>
                      void act(() =>
                        post(
                          `/users/${encodeURIComponent(u.username)}/${u.disabled ? 'enable' : 'disable'}`,
                        ),
                      )
                    }
                  >
                    {u.disabled ? '启用 / Enable' : '停用 / Disable'}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? '新增用户 / Add a user' : '设置角色 / Set the role'}
        okText="保存 / Save"
        cancelText="取消 / Cancel"
        onOk={() => void save()}
        onCancel={() => setEditing(undefined)}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="username" label="用户名 / Username" rules={[{ required: true }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          {editing === 'new' && (
            <>
              <Form.Item name="displayName" label="姓名 / Display name">
                <Input />
              </Form.Item>
              <Form.Item name="password" label="初始密码 / Initial password">
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </>
          )}
          <Form.Item name="role" label="角色 / Role" rules={[{ required: true }]}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="unitIds" label="单位（单位协调员，逗号分隔）/ Units (unit coordinators)">
            <Input placeholder="pudong.s01" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
