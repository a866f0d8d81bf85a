/** A page's load error in words: 404 and 403 say so plainly (a record outside your units is 404). */
import { Alert, Result } from 'antd';
import { ApiError } from '../api';

export function LoadError({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 404)
    return <Result status="404" title="未找到 / Not found" subTitle={error.message} />;
  if (error instanceof ApiError && error.status === 403)
    return <Result status="403" title="无权访问 / Forbidden" subTitle={error.message} />;
  return <Alert type="error" showIcon title={error.message} />;
}
