/**
 * 管理 / Admin: users and roles, the audit trail, and workflows that failed or are stuck (with
 * the Temporal Web UI link). The server answers 403 to anyone but an admin for the first two.
 */
import { Tabs } from 'antd';
import { AuditCard } from './Audit';
import { UsersCard } from './Users';
import { WorkflowsCard } from './Workflows';

export function AdminPage() {
  return (
    <Tabs
      items={[
        { key: 'audit', label: '审计记录 / Audit trail', children: <AuditCard /> },
        { key: 'users', label: '用户与角色 / Users', children: <UsersCard /> },
        { key: 'workflows', label: '工作流 / Workflows', children: <WorkflowsCard /> },
      ]}
    />
  );
}
