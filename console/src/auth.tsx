/**
 * Who is logged in (GET /auth/me), login and logout. The server decides what each role may do;
 * the console only hides the buttons a viewer could not use anyway.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post, sessionEnded, setCsrfToken } from './api';

export type Role = 'admin' | 'district' | 'unit' | 'viewer';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitIds: string[];
}

interface Session {
  user: User;
  csrfToken?: string;
}

interface AuthState {
  user: User | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export const ROLE_NAMES: Record<Role, string> = {
  admin: '管理员 / admin',
  district: '区级协调员 / district coordinator',
  unit: '单位协调员 / unit coordinator',
  viewer: '只读 / viewer',
};

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    get<Session>('/auth/me')
      .then((s) => {
        if (s.csrfToken) setCsrfToken(s.csrfToken);
        setUser(s.user);
      })
      .catch(() => setUser(null))
      .finally(() => setLoading(false));
    const end = () => setUser(null);
    sessionEnded.addEventListener('end', end);
    return () => sessionEnded.removeEventListener('end', end);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await post<Session>('/auth/login', { username, password });
    setCsrfToken(s.csrfToken ?? null);
    setUser(s.user);
  }, []);

  const logout = useCallback(async () => {
    await post('/auth/logout').catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
    });
    setCsrfToken(null);
    setUser(null);
  }, []);

  return (
    <AuthContext.Provider value={{ user, loading, login, logout }}>{children}</AuthContext.Provider>
  );
}

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** Whether the logged-in user may press buttons that write (the server checks again). */
export function useCanWrite(): boolean {
  const role = useAuth().user?.role;
  return role !== undefined && role !== 'viewer';
}
