/**
 * The console's frame: the login page until someone is logged in, then a side menu and the page
 * the path names. The participants' check-in page stands alone (a phone, no menu).
 */
import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import {
  AuditOutlined,
  BookOutlined,
  ClockCircleOutlined,
  ClusterOutlined,
  DashboardOutlined,
  MailOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { ROLE_NAMES, useAuth } from './auth';
import { match, navigate, usePath } from './router';
import { LoginPage } from './pages/Login';
import { DashboardPage } from './pages/Dashboard';
import { ExamListPage } from './pages/ExamList';
import { ExamCampaignPage } from './pages/ExamCampaign';
import { CourseListPage } from './pages/CourseList';
import { CoursePage } from './pages/Course';
import { CheckInPage } from './pages/CheckIn';
import { RegistryPage } from './pages/Registry';
import { PersonPage } from './pages/Person';
import { RosterImportPage } from './pages/RosterImport';
import { NoticesPage } from './pages/Notices';
import { AdminPage } from './pages/Admin';
import { CreditsPage } from './pages/Credits';
import { MentoringListPage, MentoringProgramPage } from './pages/Mentoring';
import { CohortListPage, CohortPage } from './pages/Cohorts';
import { OrgImportPage } from './pages/OrgImport';

const MENU = [
  { key: '/', icon: <DashboardOutlined />, label: '概览 / Dashboard' },
  { key: '/exam', icon: <TrophyOutlined />, label: '报考动员 / Exams' },
  { key: '/courses', icon: <BookOutlined />, label: '课程 / Courses' },
  { key: '/cohorts', icon: <ClusterOutlined />, label: '培养梯队 / Cohorts' },
  { key: '/credits', icon: <ClockCircleOutlined />, label: '继续教育 / CE credits' },
  { key: '/mentoring', icon: <SolutionOutlined />, label: '督导带教 / Mentoring' },
  { key: '/registry', icon: <TeamOutlined />, label: '人才库 / Registry' },
  { key: '/notices', icon: <MailOutlined />, label: '通知 / Notices' },
  { key: '/admin', icon: <AuditOutlined />, label: '管理 / Admin' },
];

const ROUTES: [string, (p: Record<string, string>) => ReactNode][] = [
  ['/', () => <DashboardPage />],
  ['/exam', () => <ExamListPage />],
  ['/exam/:id', (p) => <ExamCampaignPage id={p.id!} />],
  ['/courses', () => <CourseListPage />],
  ['/courses/:id', (p) => <CoursePage id={p.id!} />],
  ['/registry', () => <RegistryPage />],
  ['/registry/import', () => <RosterImportPage />],
  ['/registry/org-import', () => <OrgImportPage />],
  ['/cohorts', () => <CohortListPage />],
  ['/cohorts/:id', (p) => <CohortPage id={p.id!} />],
  ['/credits', () => <CreditsPage />],
  ['/mentoring', () => <MentoringListPage />],
  ['/mentoring/:id', (p) => <MentoringProgramPage id={p.id!} />],
  ['/people/:id', (p) => <PersonPage id={p.id!} />],
  ['/notices', () => <NoticesPage />],
  ['/admin', () => <AdminPage />],
];

function page(path: string): ReactNode {
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return <Result status="404" title="页面不存在 / no such page" />;
}

export function App() {
  const path = usePath();
  const { user, loading, logout } = useAuth();
  if (path === '/checkin') return <CheckInPage />;
  if (loading) return <Spin fullscreen />;
  if (!user) return <LoginPage />;
  const menu = MENU.filter((m) => m.key !== '/admin' || user.role === 'admin');
  const selected = menu.filter((m) => m.key === path || (m.key !== '/' && path.startsWith(m.key)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={208}>
        <Typography.Title level={4} style={{ padding: '16px 20px', margin: 0 }}>
          雁阵 Yanzhen
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={selected.map((m) => m.key)}
          items={menu}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', padding: 16 }}
        >
          <Space>
            <span data-testid="whoami">{user.displayName}</span>
            <Tag color="blue">{ROLE_NAMES[user.role]}</Tag>
            <Button size="small" onClick={() => void logout()}>
              退出 / Log out
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>{page(path)}</Layout.Content>
      </Layout>
    </Layout>
  );
}
