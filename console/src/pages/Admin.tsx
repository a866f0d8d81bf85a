/** 管理 / Admin: workflows that failed or are stuck (with the Temporal Web UI link). */
import { Space } from 'antd';
import { WorkflowsCard } from './Workflows';

export function AdminPage() {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <WorkflowsCard />
    </Space>
  );
}
