import type { User } from '@shopstream/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, use, useEffect, useState } from 'react';
import { login as apiLogin, logout as apiLogout, onSessionChange, refreshSession } from './api';

interface SessionState {
  /** undefined while the first silent refresh runs. */
  user: User | null | undefined;
  login: (email: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  /** True after the user signed out in this tab, so the login form can say so. */
  signedOut: boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const queryClient = useQueryClient();
  useEffect(() => {
    const stop = onSessionChange((next) => {
      setUser(next);
      if (!next) queryClient.clear();
    });
    void refreshSession().then((found) => setUser(found));
    return () => {
      stop();
    };
  }, [queryClient]);
  const [signedOut, setSignedOut] = useState(false);
  const value: SessionState = {
    user,
    signedOut,
    login: async (email, password) => {
      const signedIn = await apiLogin(email, password);
      setSignedOut(false);
      return signedIn;
    },
    logout: async () => {
      await apiLogout();
      setSignedOut(true);
    },
  };
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in staff member; only inside the signed-in part of the app. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser without a signed-in user');
  return user;
}
